/**
 * Bumped on any incompatible change to the socket protocol. Clients send theirs in the
 * handshake; a mismatch is refused with CLIENT_TOO_OLD or SERVER_TOO_OLD so a stale page
 * tells its user to reload instead of misreading messages.
 */
// 2: per-role projections sent as patches (issue 9); the interpreter role, booths and their commands
// (issue 13); the lead captioner's seat flag and link:setLead, and caption commits of a tail's first
// `chars` at a sentence or length break (issue 10). A page of version 1 can read none of them.
// 3: a participant's projection names only the people on the speakers' list; their own
// registration comes beside it (`self` in snapshots and catch-ups, `self:changed`).
// 4: `self:changed` carries the seq its registration is as of, so a page keeps the newest copy.
// 5: topics carry written statements (`statements`), sent and withdrawn with `statement:submit`
// and `statement:withdraw`; a page of version 5 reads them on every topic, which a server of
// version 4 does not send.
// 6: `self` (snapshots, catch-ups, `self:changed`) is the participant's registration and their own
// statements with their text, so every device of theirs reads what they sent.
// 7: the sign-language booth (`sgn`) among booths, interpreter links and channels, and the
// display's `signer` (room screens show its interpreter): a page of version 6 cannot name the
// booth, and its display form would take the interpreter off the screens unasked.
// 8: `booth:take` carries the colleague on air its console showed (`expectedHolder`), and is refused
// with BOOTH_CHANGED when another went on air meanwhile: a page of version 7 would take a booth
// over from a colleague it never saw. `topic:select` likewise carries the topic the console showed
// (`expectedTopicId`, CURRENT_TOPIC_CHANGED).
// 9: `floor:addTime` carries the time already added that the console showed (`expectedAddedMs`), and
// is refused with SPEAKING_TIME_CHANGED when it changed meanwhile: two consoles granting one more
// minute at once no longer grant two.
// 10: `meeting:transition` carries the status the console showed (`expectedStatus`), and is refused
// with MEETING_STATUS_CHANGED when another console moved the meeting meanwhile (the secretariat
// archiving a meeting the chair has just resumed); `floor:restart` carries the time added that
// the console showed, as `floor:addTime` does.
export const PROTOCOL_VERSION = 10;
