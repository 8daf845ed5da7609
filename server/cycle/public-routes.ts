import express, { type Request, type Response } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CycleActor, CycleCommand } from '../../shared/cycle/commands.js';
import { chosenTopics, executeCycle } from '../../shared/cycle/execute.js';
import {
  MAX_DOCUMENTS_PER_ANSWER,
  ResponseDetails,
  SubmissionKey,
  type ConsultationResponse,
  type CycleState,
  type ResponseDocument,
} from '../../shared/cycle/model.js';
import { consultationPhase } from '../../shared/cycle/schedule.js';
import { appError, httpStatusOf, type ErrorCode } from '../../shared/errors.js';
import { languageCookie, languageOfCookies } from '../../shared/i18n/catalogue.js';
import { Language, languages, type Language as LanguageCode } from '../../shared/meeting/model.js';
import { escapeHtml } from '../archive/exports/html.js';
import type { PdfPrinter } from '../archive/pdf.js';
import type { Mailer } from '../mail/mailer.js';
import { KeyedRateLimiter } from '../realtime/rate-limit.js';
import { consultAssets } from './assets.js';
import { translateHtml, translator } from './catalogue.js';
import { checkDocumentName, documentMediaTypes, documentTypeOf, sha256Hex } from './documents.js';
import {
  consultPath,
  consultationPage,
  emptyForm,
  formValuesOf,
  instant,
  lastMinute,
  messagePage,
  type FormError,
  type FormValues,
} from './pages.js';
import { reportHref, reportPdfHref, reportPdfMetadata } from './report.js';
import { ReportPages } from './report-pages.js';
import type { CycleService } from './service.js';
import { holdingCycleParam } from './registry.js';
import { readForm, type ParsedForm, type UploadedFile } from './uploads.js';
import { logger } from '../observability/log.js';
import { writeFailureCode } from '../storage/health.js';

/** The most responses of one address whose links are mailed again at once. */
const MAX_LINKS_RESENT = 5;

export interface ConsultationRoutesDeps {
  service: CycleService;
  /** Null without SMTP_URL: responses then count at once and the page shows the respondent's link. */
  mailer: Mailer | null;
  clock: () => number;
  printer: PdfPrinter | null;
  publicUrl: () => string;
}

/**
 * The reader's language, chosen as on the app's pages: asked in the address (the page's language
 * links), else the choice the reader made before (here or in the app), else the browser's among
 * the six, else the cycle's first.
 */
function languageOf(req: Request, cycle: CycleState | undefined): LanguageCode {
  const asked = Language.safeParse(req.query.lang);
  if (asked.success) return asked.data;
  const remembered = languageOfCookies(req.headers.cookie);
  if (remembered) return remembered;
  const accepted = req.acceptsLanguages(...languages);
  if (typeof accepted === 'string' && Language.safeParse(accepted).success) return accepted as LanguageCode;
  return cycle?.languages[0] ?? 'en';
}

const html = (res: Response, status: number, body: string) =>
  res.status(status).type('text/html; charset=utf-8').set('cache-control', 'no-store').send(body);

const field = (form: ParsedForm, name: string) => (form.fields.get(name)?.[0] ?? '').trim();

/** Where a zod issue about the response belongs on the form, and its code. */
function formErrorOf(issue: z.core.$ZodIssue): FormError {
  const [first, second, third, fourth] = issue.path;
  if (first === 'respondent' && second === 'name') return { field: 'name', error: appError('NAME_REQUIRED') };
  if (first === 'respondent' && second === 'stakeholderGroup') return { field: 'stakeholderGroup', error: appError('STAKEHOLDER_GROUP_REQUIRED') };
  if (first === 'respondent' && typeof second === 'string') return { field: second, error: appError('BAD_REQUEST', issue.message) };
  if (first === 'email') return { field: 'email', error: appError('EMAIL_INVALID') };
  if (first === 'consent') return { field: 'consent', error: appError('CONSENT_REQUIRED') };
  if (first === 'answers' && typeof second === 'number' && third === 'text') return { field: null, error: appError('BAD_REQUEST', issue.message) };
  if (first === 'answers' && fourth !== undefined) return { field: null, error: appError('UPLOAD_TOO_LARGE', issue.message) };
  return { field: null, error: appError('BAD_REQUEST', `${issue.path.join('.')}: ${issue.message}`) };
}

interface Received {
  details: ResponseDetails;
  /** Documents new in this form, to be stored once the response is known to be accepted. */
  uploads: { sha256: string; bytes: Uint8Array }[];
}

/**
 * The public consultation page of each cycle and its response form. Everything works as plain
 * HTML forms: JavaScript only shows dates in the reader's own time zone.
 */
export function createConsultationRoutes(deps: ConsultationRoutesDeps): express.Router {
  const { service, clock } = deps;
  const router = express.Router();
  // A delegation's office shares one address: a burst, then one a minute.
  const byAddress = new KeyedRateLimiter({ burst: 10, perSecond: 1 / 60, clock });
  const byEmail = new KeyedRateLimiter({ burst: 3, perSecond: 1 / 600, clock });
  // A link asked for again: two at once (a typo, then the right address), then one each ten minutes.
  const resendByEmail = new KeyedRateLimiter({ burst: 2, perSecond: 1 / 600, clock });
  const emailKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

  router.get('/assets/:name', (req, res) => {
    // Own keys only: `toString` or `constructor` must not reach Object.prototype (it answered 500).
    const asset = Object.hasOwn(consultAssets, req.params.name) ? consultAssets[req.params.name] : undefined;
    if (!asset) return res.status(404).type('text/plain').send('Not found');
    res.type(asset.type).set('cache-control', 'public, max-age=3600').send(asset.body);
  });

  router.param('cycleId', holdingCycleParam(service.cycles));
  const reportPages = new ReportPages(service.deps.renderer);

  const cycleOf = (req: Request, res: Response): CycleState | null => {
    const cycle = service.cycles.get(String(req.params.cycleId))?.state;
    if (cycle) return cycle;
    const language = languageOf(req, undefined);
    const t = translator(language);
    html(res, 404, messagePage(language, t('consultation.notFound'), `<p>${escapeHtml(t('errors.CYCLE_NOT_FOUND'))}</p>`, null));
    return null;
  };

  const reportLink = (cycle: CycleState, language: LanguageCode) =>
    cycle.report ? reportHref(cycle.id, cycle.languages.includes(language) ? language : cycle.languages[0]!) : null;

  const page = (res: Response, status: number, cycle: CycleState, language: LanguageCode, values: FormValues, errors: FormError[], action: string, editing: boolean, notice?: string) =>
    html(
      res,
      status,
      consultationPage(cycle, {
        now: clock(),
        language,
        form: { action, values, errors, editing },
        reportHref: reportLink(cycle, language),
        resendAction: editing || !deps.mailer ? null : `${consultPath(cycle.id)}/link?lang=${language}`,
        ...(notice === undefined ? {} : { notice }),
      }),
    );

  router.get('/:cycleId', (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const language = languageOf(req, cycle);
    // A language taken from the page's links is the reader's choice: kept for their next visit.
    if (Language.safeParse(req.query.lang).success) res.append('set-cookie', languageCookie(language));
    page(res, 200, cycle, language, { ...emptyForm, submission: randomBytes(18).toString('base64url') }, [], `${consultPath(cycle.id)}?lang=${language}`, false);
  });

  /** Reads the form into a response; refusals name their field. Nothing is stored here. */
  const receive = async (req: Request, cycle: CycleState, language: LanguageCode, previous: ConsultationResponse | null) => {
    const parsed = await readForm(req);
    if (!parsed.ok) return { errors: [{ field: null, error: appError(parsed.code, parsed.detail) }], values: null, trapped: false };
    const { form } = parsed;
    const topics = chosenTopics(cycle);
    const values: FormValues = {
      name: field(form, 'name'),
      organisation: field(form, 'organisation'),
      country: field(form, 'country'),
      stakeholderGroup: field(form, 'stakeholderGroup'),
      email: previous?.email ?? field(form, 'email'),
      answers: Object.fromEntries(topics.map((topic) => [topic.id, field(form, `answer-${topic.id}`)])),
      documents: {},
      consent: field(form, 'consent') === 'yes',
      // A key not of ours (a form of another tool, a tampered one) is no key: the response is made as without one.
      submission: previous === null && SubmissionKey.safeParse(field(form, 'submission')).success ? field(form, 'submission') : '',
    };
    const errors: FormError[] = [];
    const uploads: Received['uploads'] = [];
    const documents: Record<string, ResponseDocument[]> = {};
    for (const topic of topics) {
      const kept = new Set(form.fields.get(`keep-${topic.id}`) ?? []);
      const before = previous?.answers.find((answer) => answer.topicId === topic.id)?.documents ?? [];
      documents[topic.id] = before.filter((document) => kept.has(document.sha256));
    }
    for (const file of form.files) {
      const topicId = file.field.startsWith('documents-') ? file.field.slice('documents-'.length) : '';
      if (!topics.some((topic) => topic.id === topicId)) {
        errors.push({ field: null, error: appError('BAD_REQUEST', `no topic ${topicId}`) });
        continue;
      }
      const refusal = documentRefusal(file);
      if (refusal) {
        errors.push({ field: file.field, error: appError(refusal, file.name) });
        continue;
      }
      const type = documentTypeOf(file.bytes);
      if (!type.ok) continue;
      const sha256 = sha256Hex(file.bytes);
      documents[topicId]!.push({ name: file.name, type: type.type, bytes: file.bytes.length, sha256 });
      uploads.push({ sha256, bytes: file.bytes });
    }
    for (const topic of topics) {
      if (documents[topic.id]!.length > MAX_DOCUMENTS_PER_ANSWER) {
        errors.push({ field: `documents-${topic.id}`, error: appError('UPLOAD_TOO_LARGE', `${MAX_DOCUMENTS_PER_ANSWER}`) });
      }
    }
    values.documents = Object.fromEntries(Object.entries(documents).map(([id, list]) => [id, list.filter((document) => !uploads.some((upload) => upload.sha256 === document.sha256))]));
    const details = ResponseDetails.safeParse({
      respondent: { name: values.name, organisation: values.organisation, country: values.country, stakeholderGroup: values.stakeholderGroup || undefined },
      email: values.email,
      language: Language.safeParse(field(form, 'language')).data ?? language,
      answers: topics.map((topic) => ({ topicId: topic.id, text: values.answers[topic.id] ?? '', documents: documents[topic.id] ?? [] })),
      consent: values.consent ? true : undefined,
    });
    if (!details.success) errors.push(...details.error.issues.map(formErrorOf));
    const trapped = field(form, 'website') !== '';
    return { errors, values, trapped, received: details.success && errors.length === 0 ? { details: details.data, uploads } : null };
  };

  /** Runs the command on the current state first: a refused response stores none of its documents. */
  const commit = async (cycle: CycleState, actor: CycleActor, command: CycleCommand, uploads: Received['uploads']) => {
    const trial = executeCycle(cycle, command, { actor, now: clock() });
    if (!trial.ok) return trial;
    try {
      for (const upload of uploads) await service.documents.put(upload.bytes);
    } catch (error) {
      logger.error({ err: error, cycleId: cycle.id }, 'could not store a consultation document');
      return { ok: false as const, error: appError(writeFailureCode(error)) };
    }
    return service.cycles.dispatch(cycle.id, actor, command);
  };

  const tooMany = (res: Response, cycle: CycleState, language: LanguageCode) => {
    const t = translator(language);
    res.set('retry-after', '60');
    html(res, 429, messagePage(language, t('errors.RATE_LIMITED'), '', `${consultPath(cycle.id)}?lang=${language}`));
  };

  router.post('/:cycleId', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const language = languageOf(req, cycle);
    if (!byAddress.take(req.ip ?? '')) {
      req.resume();
      return tooMany(res, cycle, language);
    }
    const action = `${consultPath(cycle.id)}?lang=${language}`;
    const got = await receive(req, cycle, language, null);
    const t = translator(language);
    // A robot filled the field people never see: it is told what a person would be, and nothing is kept.
    if (got.trapped) return html(res, 200, messagePage(language, t('consultation.thanks.title'), `<p>${escapeHtml(t('consultation.thanks.received'))}</p>`, null));
    if (!got.received) return page(res, statusOf(got.errors), cycle, language, got.values ?? emptyForm, got.errors, action, false);
    const { details, uploads } = got.received;
    const submission = got.values!.submission || undefined;
    if (!byEmail.take(emailKey(details.email))) return tooMany(res, cycle, language);
    const committed = await commit(cycle, { kind: 'public' }, { type: 'response:submit', details, confirmed: deps.mailer === null, ...(submission ? { submission } : {}) }, uploads);
    if (!committed.ok) return page(res, httpStatusOf(committed.error.code), cycle, language, got.values!, [{ field: null, error: committed.error }], action, false);
    // The form sent again (pressed twice, or from the browser's history) made nothing new: the
    // response it made first stands, and is thanked for again without a second e-mail.
    const repeated = committed.value.createdId === null;
    const responseId = committed.value.createdId ?? committed.value.state.responses.find((response) => response.submission === submission)!.id;
    const link = service.responseLink(cycle, { id: responseId, language: details.language });
    const deadline = instant(lastMinute(committed.value.state), cycle.timeZone, language);
    if (!deps.mailer) {
      const body = `<p>${escapeHtml(t('consultation.thanks.recorded'))}</p><p>${translateHtml(t, 'consultation.thanks.keepLink', { deadline })}</p><p class="link"><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`;
      return html(res, 201, messagePage(language, t('consultation.thanks.title'), body, action));
    }
    const sent = repeated || (await service.mailConfirmation(committed.value.state, { ...details, id: responseId }));
    const body = sent
      ? `<p>${escapeHtml(t('consultation.thanks.checkMail'))} <bdi>${escapeHtml(details.email)}</bdi></p><p>${translateHtml(t, 'consultation.thanks.mailLink', { deadline })}</p>`
      : `<p>${escapeHtml(t('consultation.thanks.mailFailed'))}</p>`;
    html(res, 201, messagePage(language, t('consultation.thanks.title'), body, action));
  });

  /**
   * The respondent's link mailed again, to each response sent from the address. The answer is
   * the same, and comes before any mail is sent, whether the address responded or not: neither
   * its words nor its timing tell who responded.
   */
  router.post('/:cycleId/link', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const language = languageOf(req, cycle);
    const t = translator(language);
    const back = `${consultPath(cycle.id)}?lang=${language}`;
    if (!byAddress.take(req.ip ?? '')) {
      req.resume();
      return tooMany(res, cycle, language);
    }
    const { mailer } = deps;
    if (!mailer) {
      req.resume();
      return html(res, 503, messagePage(language, t('errors.MAIL_UNAVAILABLE'), '', back));
    }
    const parsed = await readForm(req);
    const email = parsed.ok ? z.email().max(254).safeParse(field(parsed.form, 'resend-email')) : null;
    if (!email?.success) {
      return html(res, 400, messagePage(language, t('consultation.resend.heading'), `<p class="field-error" role="alert">${escapeHtml(t('errors.EMAIL_INVALID'))}</p>`, back));
    }
    if (!resendByEmail.take(emailKey(email.data))) return tooMany(res, cycle, language);
    html(res, 202, messagePage(language, t('consultation.resend.sentTitle'), `<p>${translateHtml(t, 'consultation.resend.sent', { email: `<bdi>${escapeHtml(email.data)}</bdi>` })}</p>`, back));
    const current = service.cycles.get(cycle.id)?.state ?? cycle;
    // A duplicate merged into another is not offered again; an address that responded many times gets its latest.
    const own = current.responses.filter((response) => emailKey(response.email) === emailKey(email.data) && response.moderation.status !== 'merged').slice(-MAX_LINKS_RESENT);
    for (const response of own) await service.mailConfirmation(current, response);
  });

  const respondentOf = (req: Request, res: Response, cycle: CycleState, language: LanguageCode): ConsultationResponse | null => {
    const responseId = service.responseOfToken(cycle.id, String(req.params.token));
    const response = responseId ? cycle.responses.find((candidate) => candidate.id === responseId) : undefined;
    if (response) return response;
    const t = translator(language);
    html(res, 404, messagePage(language, t('consultation.linkInvalid'), `<p>${escapeHtml(t('errors.RESPONSE_NOT_FOUND'))}</p>`, `${consultPath(cycle.id)}?lang=${language}`));
    return null;
  };

  router.get('/:cycleId/r/:token', async (req, res) => {
    let cycle = cycleOf(req, res);
    if (!cycle) return;
    const language = languageOf(req, cycle);
    const response = respondentOf(req, res, cycle, language);
    if (!response) return;
    const t = translator(language);
    const actor: CycleActor = { kind: 'respondent', responseId: response.id };
    let notice = '';
    // Opening the link is the confirmation that the address is the respondent's.
    if (response.confirmedAt === null) {
      const confirmed = await service.cycles.dispatch(cycle.id, actor, { type: 'response:confirm', responseId: response.id });
      if (!confirmed.ok) return html(res, httpStatusOf(confirmed.error.code), messagePage(language, t(`errors.${confirmed.error.code}`), '', null));
      cycle = confirmed.value.state;
      notice = `<p class="notice" role="status">${escapeHtml(t('consultation.confirmed'))}</p>`;
    }
    const current = cycle.responses.find((candidate) => candidate.id === response.id)!;
    const open = consultationPhase(cycle, clock()) === 'open';
    notice += `<p class="notice">${translateHtml(t, open ? 'consultation.editUntil' : 'consultation.editClosed', { deadline: instant(lastMinute(cycle), cycle.timeZone, language) })}</p>`;
    page(res, 200, cycle, language, formValuesOf(current), [], req.originalUrl, true, notice);
  });

  router.post('/:cycleId/r/:token', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const language = languageOf(req, cycle);
    const response = respondentOf(req, res, cycle, language);
    if (!response) return req.resume();
    if (!byAddress.take(req.ip ?? '')) {
      req.resume();
      return tooMany(res, cycle, language);
    }
    const t = translator(language);
    const got = await receive(req, cycle, language, response);
    if (!got.received) return page(res, statusOf(got.errors), cycle, language, got.values ?? formValuesOf(response), got.errors, req.originalUrl, true);
    const actor: CycleActor = { kind: 'respondent', responseId: response.id };
    const committed = await commit(cycle, actor, { type: 'response:edit', responseId: response.id, details: got.received.details }, got.received.uploads);
    if (!committed.ok) return page(res, httpStatusOf(committed.error.code), cycle, language, got.values!, [{ field: null, error: committed.error }], req.originalUrl, true);
    const updated = committed.value.state.responses.find((candidate) => candidate.id === response.id)!;
    page(res, 200, committed.value.state, language, formValuesOf(updated), [], req.originalUrl, true, `<p class="notice" role="status">${escapeHtml(t('consultation.saved'))}</p>`);
  });

  router.get('/:cycleId/report', (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const language = languageOf(req, cycle);
    const href = reportLink(cycle, language);
    if (!href) return html(res, 404, messagePage(language, translator(language)('consultation.reportNotYet'), '', `${consultPath(cycle.id)}?lang=${language}`));
    res.redirect(302, href);
  });

  router.get('/:cycleId/report/:file', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const match = /^([a-z]{2})\.(html|pdf)$/.exec(String(req.params.file));
    const language = match && cycle.languages.find((candidate) => candidate === match[1]);
    // A published report asked for in a language it is not written in: the report as it is, not "not published".
    if (cycle.report && match && !language) return res.redirect(302, (match[2] === 'pdf' ? reportPdfHref : reportHref)(cycle.id, cycle.languages[0]!));
    if (!cycle.report || !match || !language) {
      const reader = languageOf(req, cycle);
      return html(res, 404, messagePage(reader, translator(reader)('consultation.reportNotYet'), '', `${consultPath(cycle.id)}?lang=${reader}`));
    }
    if (match[2] === 'html') return reportPages.send(req, res, cycle, service.cycles.get(cycle.id)?.seq ?? 0, language);
    if (!deps.printer) return res.status(404).type('text/plain').send('PDF printing is off on this server.');
    try {
      // PDF/A-2, as the archive's records: the report goes to the group with them.
      const pdf = await deps.printer.print(`cycle-${cycle.id}`, `report-v${cycle.report.version}-${language}.pdf`, async () => ({
        html: (await service.deps.renderer.report(cycle, language, { absolute: deps.publicUrl(), links: false }, false)).html.toString('utf8'),
        metadata: reportPdfMetadata(cycle, language),
      }));
      res.type('application/pdf').send(Buffer.from(pdf));
    } catch (error) {
      req.log.error({ err: error }, 'could not print the report PDF');
      res.status(503).set('retry-after', '30').type('text/plain; charset=utf-8').send('The PDF could not be made just now. Try again shortly.');
    }
  });

  // Documents of published responses only: the others are the secretariat's (see the cycle API).
  router.get('/:cycleId/documents/:sha256/:name', async (req, res) => {
    const cycle = service.cycles.get(String(req.params.cycleId))?.state;
    const published = new Set(cycle?.report?.responseIds ?? []);
    const document = cycle?.responses
      .filter((response) => published.has(response.id))
      .flatMap((response) => response.answers.flatMap((answer) => answer.documents))
      .find((candidate) => candidate.sha256 === req.params.sha256);
    const bytes = document ? await service.documents.get(document.sha256) : null;
    if (!document || !bytes) return res.status(404).type('text/plain').send('No such document.');
    sendDocument(res, document, bytes);
  });

  return router;
}

/** A stored document as a download: never shown inline, never sniffed as something else. */
export function sendDocument(res: Response, document: ResponseDocument, bytes: Uint8Array): void {
  res
    .type(documentMediaTypes[document.type])
    .set('x-content-type-options', 'nosniff')
    .set('content-security-policy', "default-src 'none'; sandbox")
    .attachment(document.name)
    .send(Buffer.from(bytes));
}

function documentRefusal(file: UploadedFile): ErrorCode | null {
  const named = checkDocumentName(file.name);
  if (named) return named;
  const type = documentTypeOf(file.bytes);
  return type.ok ? null : type.code;
}

function statusOf(errors: readonly FormError[]): number {
  return Math.max(400, ...errors.map(({ error }) => httpStatusOf(error.code)).filter((status) => status !== 409));
}
