/**
 * The one error vocabulary shared by server and client. The server sends the code and the
 * English message; the client shows the translation of the code (i18n key `errors.<CODE>`).
 */
export const errorMessages = {
  BAD_REQUEST: 'The request is malformed.',
  UNAUTHORIZED: 'This link is not valid.',
  LINK_EXPIRED: 'This link has expired. Ask the secretariat for a new one.',
  LINK_REVOKED: 'This link has been revoked. Ask the secretariat for a new one.',
  FORBIDDEN: 'Your role does not allow this action.',
  CLIENT_TOO_OLD: 'This page is out of date. Reload it to continue.',
  SERVER_TOO_OLD: 'The server is older than this page. Try again after the server is updated.',
  MEETING_NOT_FOUND: 'There is no such meeting.',
  MEETING_EXISTS: 'A meeting with this identifier already exists.',
  MEETING_NOT_OPEN: 'The meeting is not open.',
  MEETING_CLOSED_FOR_CHANGES: 'The meeting can no longer be changed in this way.',
  MEETING_ARCHIVED: 'The meeting is archived: its record is final and cannot be changed.',
  INVALID_TRANSITION: 'The meeting cannot move to that status from its current status.',
  MEETING_STATUS_CHANGED: 'Someone else changed the meeting\'s status before your command arrived. Nothing was changed: check its status now.',
  REGISTRATION_CLOSED: 'Registration for this meeting is closed.',
  NAME_REQUIRED: 'Enter a name.',
  STAKEHOLDER_GROUP_REQUIRED: 'Choose a stakeholder group.',
  EMAIL_INVALID: 'Enter a valid e-mail address, or leave the field empty.',
  DUPLICATE_REGISTRATION: 'Someone with this name and affiliation is already registered.',
  MAIL_UNAVAILABLE: 'This server does not send e-mail. Ask the secretariat for your link.',
  MAIL_FAILED: 'The e-mail could not be sent just now. Try again later, or check the mail server.',
  TOO_MANY_PARTICIPANTS: 'The meeting has reached its participant limit.',
  REGISTRATION_PENDING: 'Your registration is waiting for the secretariat\'s approval. This link opens the meeting once it is approved.',
  REGISTRATION_DECLINED: 'The secretariat has declined this registration. Contact the secretariat if you think this is a mistake.',
  TOPIC_NOT_FOUND: 'There is no such topic.',
  NO_CURRENT_TOPIC: 'No topic is under discussion.',
  ONE_PROPOSAL_PER_MEMBER_STATE: 'This Member State has already proposed a topic in this cycle; each may propose only one.',
  TOPIC_HAS_SPEECHES: 'A topic with speeches cannot be removed.',
  CURRENT_TOPIC_CHANGED: 'Someone else took up another topic before your command arrived. Nothing was changed: the agenda shows the topic now under discussion.',
  TOPICS_CHANGED: 'Someone else changed the order of the topics before your command arrived. Nothing was changed: check the order now.',
  FLOOR_IN_USE: 'End the current speech first.',
  PARTICIPANT_NOT_FOUND: 'There is no such participant.',
  REGISTRATION_CHANGED: 'Someone else decided on this registration before your command arrived. Nothing was changed: check its status now.',
  LINK_NOT_FOUND: 'There is no such link.',
  ENTRY_NOT_FOUND: 'That request to speak is no longer in the queue.',
  BOOTH_CHANGED: 'A colleague went on air in this booth before your command arrived. Nothing was changed: take over only if you mean to.',
  REQUEST_GIVEN_FLOOR: 'The chair gave you the floor before your withdrawal arrived: you have the floor now. If you no longer wish to speak, tell the chair.',
  LIST_CLOSED: 'The list of speakers is closed.',
  ALREADY_IN_QUEUE: 'You are already in the queue for this topic.',
  ALREADY_SPEAKING: 'You already have the floor.',
  NOTHING_TO_REPLY_TO: 'There is no current speaker to reply to.',
  QUEUE_EMPTY: 'Nobody is waiting to speak.',
  NO_CURRENT_SPEAKER: 'Nobody has the floor.',
  ALREADY_PAUSED: 'The speech is already paused.',
  NOT_PAUSED: 'The speech is not paused.',
  NO_LAST_SPEAKER: 'Nobody has spoken on this topic yet.',
  FLOOR_CHANGED: 'Someone else changed the floor before your command arrived. Check who is speaking now.',
  QUEUE_CHANGED: 'Someone else changed the list of speakers before your command arrived. Check the list now.',
  LAST_SPEAKER_CHANGED: 'The last speaker is no longer the one you saw. Check the list now.',
  NO_TIME_LIMIT: 'This speech has no time limit.',
  SPEAKING_TIME_CHANGED: 'Someone else changed this speech\'s time before your command arrived. Nothing was changed: the countdown shows the time left now.',
  STATEMENT_CLOSED: 'This request is no longer waiting or speaking, so its written statement can no longer be sent, changed or withdrawn.',
  STATEMENT_NOT_FOUND: 'There is no written statement for this request.',
  STATEMENT_CHANGED: 'Someone else sent or changed this written statement before your command arrived. Nothing was changed: read it now.',
  WARNING_LONGER_THAN_LIMIT: 'The warning time cannot be longer than the speaking time limit.',
  NOT_YOUR_BOOTH: 'Your link is for another booth: you can interpret only into its language.',
  BOOTH_NOT_HELD: 'You do not hold this booth: a colleague has it, or nobody does.',
  RECORD_NOT_IN_REVIEW: 'The record can be corrected only while the meeting is adjourned, before it is archived.',
  SPEECH_NOT_FOUND: 'There is no such speech in the record.',
  CAPTION_LINE_NOT_FOUND: 'There is no such transcript line, or it cannot be changed that way.',
  RECORD_CHANGED: 'Someone else joined these lines of the transcript otherwise before your command arrived. Nothing was changed: check the lines now.',
  CORRECTION_NOT_FOUND: 'There is no such correction.',
  CAPTION_NOT_WRITER: 'Another captioner is writing this stream. It passes to this seat once the other has been silent for a few seconds, or when the lead captioner or the chair switches it.',
  CAPTION_LEAD_ONLY: 'Only the lead captioner or the chair can do this; other captioner seats write.',
  CAPTION_SEQ_OLD: 'This caption has an older sequence number than the last one accepted from this seat, so it was not applied.',
  CAPTION_SEQ_REUSED: 'This sequence number was already used for different text from this seat, so the caption was not applied.',
  UNKNOWN_LANGUAGE: 'The meeting is not captioned in that language.',
  MEDIA_UNAVAILABLE: 'Audio and video are not available for this meeting.',
  MEDIA_PREPARING: 'Audio and video are being set up on this server; they start by themselves in a few minutes.',
  MEDIA_FAILED: 'The media server did not carry out the request. Try again.',
  CYCLE_NOT_FOUND: 'There is no such consultation cycle.',
  CYCLE_EXISTS: 'A consultation cycle with this identifier already exists.',
  MEETING_IN_OTHER_CYCLE: 'This meeting already belongs to another consultation cycle.',
  PROPOSAL_NOT_FOUND: 'There is no such topic proposal.',
  TOPICS_NOT_CHOSEN: 'The group has not chosen the topics of this consultation yet.',
  TOPICS_FIXED: 'The consultation is launched: its topics can no longer change.',
  CONSULTATION_NOT_OPEN: 'The consultation is not open for responses now.',
  RESPONSE_NOT_FOUND: 'There is no such response.',
  RESPONSE_EMPTY: 'Answer at least one topic, with text or a document.',
  REPORT_CHANGED: 'Someone else published the report with other responses before your command arrived. Nothing was changed: check the version published now.',
  CHOICE_CHANGED: 'Someone else changed the choice of topics before your command arrived. Nothing was changed: check the ticked topics now.',
  RESPONSE_CHANGED: 'Someone else moderated this response before your command arrived. Nothing was changed: check its status now.',
  RESPONSE_UNCONFIRMED: 'The respondent has not confirmed this response from their e-mail yet.',
  CONSENT_REQUIRED: 'Agree to the publication of your response to send it.',
  TOO_MANY_RESPONSES: 'The consultation has reached its limit of responses.',
  REPORT_BEFORE_DEADLINE: 'The compilation report can be published once the response deadline has passed.',
  FILE_TYPE_REFUSED: 'Only PDF, DOCX and ODT documents can be attached, and this file is none of them.',
  FILE_TOO_LARGE: 'This document is larger than the limit.',
  FILE_NAME_REFUSED: 'This document name cannot be used. Rename the file with letters, digits, spaces, dots or dashes.',
  FILE_ARCHIVE_REFUSED: 'This document is not a well-formed DOCX or ODT file (it unpacks to far more than its size).',
  UPLOAD_TOO_LARGE: 'The response is larger than the limit. Attach fewer or smaller documents.',
  ARCHIVE_PREPARING: 'The archived record is being prepared (its audio is being cut). Try again in a moment.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
  MESSAGE_TOO_LARGE: 'The message is too large and was not processed.',
  ORIGIN_NOT_ALLOWED: 'This page is not allowed to connect to this server. Open the meeting from its own address.',
  TOO_MANY_CONNECTIONS: 'This link is open on too many devices or tabs at once. Close one of them and try again.',
  STORAGE_UNAVAILABLE: 'The server cannot save changes right now (its storage is full or failing). Nothing was changed; the meeting continues and changes are accepted again as soon as storage is back. Try again in a moment.',
  BUSY: 'Others changed the meeting at the same moment, again and again, and this change could not be placed after theirs. Nothing was changed; try again.',
  INTERNAL: 'Something went wrong on the server. The change was not made.',
} as const;

export type ErrorCode = keyof typeof errorMessages;

export const errorCodes = Object.keys(errorMessages) as ErrorCode[];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Which field or value was wrong, for the person fixing the request. */
  detail?: string;
  /** With RATE_LIMITED: milliseconds after which the same request can pass. */
  retryAfterMs?: number;
}

export function appError(code: ErrorCode, detail?: string): AppError {
  return detail === undefined
    ? { code, message: errorMessages[code] }
    : { code, message: errorMessages[code], detail };
}

/** A refusal for going too fast, saying when the same request can pass: a page waits that long before it asks again. */
export function rateLimited(retryAfterMs: number, detail?: string): AppError {
  return { ...appError('RATE_LIMITED', detail), retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)) };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorMessages, value);
}

/** HTTP status for each code, so the REST adapter and the socket adapter agree. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'NAME_REQUIRED':
    case 'STAKEHOLDER_GROUP_REQUIRED':
    case 'EMAIL_INVALID':
      return 400;
    case 'UNAUTHORIZED':
    case 'LINK_EXPIRED':
    case 'LINK_REVOKED':
      return 401;
    case 'FORBIDDEN':
    case 'CAPTION_LEAD_ONLY':
    case 'NOT_YOUR_BOOTH':
    case 'ORIGIN_NOT_ALLOWED':
    case 'REGISTRATION_PENDING':
    case 'REGISTRATION_DECLINED':
      return 403;
    case 'MEETING_NOT_FOUND':
    case 'TOPIC_NOT_FOUND':
    case 'PARTICIPANT_NOT_FOUND':
    case 'LINK_NOT_FOUND':
    case 'ENTRY_NOT_FOUND':
    case 'STATEMENT_NOT_FOUND':
    case 'SPEECH_NOT_FOUND':
    case 'CAPTION_LINE_NOT_FOUND':
    case 'CORRECTION_NOT_FOUND':
    case 'CYCLE_NOT_FOUND':
    case 'PROPOSAL_NOT_FOUND':
    case 'RESPONSE_NOT_FOUND':
      return 404;
    case 'RESPONSE_EMPTY':
    case 'CONSENT_REQUIRED':
    case 'FILE_TYPE_REFUSED':
    case 'FILE_NAME_REFUSED':
    case 'FILE_ARCHIVE_REFUSED':
      return 400;
    case 'FILE_TOO_LARGE':
    case 'UPLOAD_TOO_LARGE':
    case 'MESSAGE_TOO_LARGE':
      return 413;
    case 'CLIENT_TOO_OLD':
    case 'SERVER_TOO_OLD':
      return 426;
    case 'RATE_LIMITED':
    case 'TOO_MANY_CONNECTIONS':
      return 429;
    case 'MEDIA_UNAVAILABLE':
    case 'MEDIA_PREPARING':
    case 'MEDIA_FAILED':
    case 'MAIL_UNAVAILABLE':
    case 'MAIL_FAILED':
    case 'ARCHIVE_PREPARING':
    case 'STORAGE_UNAVAILABLE':
    case 'BUSY':
      return 503;
    case 'INTERNAL':
      return 500;
    default:
      return 409;
  }
}

/**
 * Refusals that retrying cannot cure for a connection: its link no longer opens the meeting,
 * or client and server do not speak the same protocol. Pages show them and stop.
 */
const sessionEnding: ReadonlySet<ErrorCode> = new Set([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'LINK_EXPIRED',
  'LINK_REVOKED',
  'FORBIDDEN',
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'MEETING_NOT_FOUND',
  // Waiting for approval is told once; the registrant opens the link again later.
  'REGISTRATION_PENDING',
  'REGISTRATION_DECLINED',
  'ORIGIN_NOT_ALLOWED',
]);

/** Failures a later try of the same request may cure. */
const transient: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'TOO_MANY_CONNECTIONS', 'STORAGE_UNAVAILABLE', 'BUSY', 'INTERNAL']);

/** The one classification of errors every client follows: stop, try again later, or show the refusal. */
export function classifyError(code: ErrorCode): 'ends-session' | 'transient' | 'refused' {
  if (sessionEnding.has(code)) return 'ends-session';
  if (transient.has(code)) return 'transient';
  return 'refused';
}
