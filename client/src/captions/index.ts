/**
 * Live captions in the browser. The pure parts (no React, no socket) are exported here so they
 * can be tested on their own; hooks and components import the modules directly.
 */
export {
  afterLastNewline,
  applyDelta,
  cleanTyped,
  commitDraft,
  editVisible,
  emptyDraft,
  flushDraft,
  insertAtSelection,
  rebaseDraft,
  startSpeakerLine,
  typedDelta,
  visibleText,
  type Delta,
  type Draft,
} from './draft.js';
export { LatencyTracker, median, LATENCY_WINDOW } from './latency.js';
export {
  barLines,
  captionLanguagesOfLink,
  ingestUrls,
  isLanguage,
  mergeSnapshotLines,
  rollUpRows,
  sameSpeaker,
  screenCaptionLanguages,
  speakerRefOf,
  transcriptItem,
  transcriptItems,
  type SpeakerRef,
  type TranscriptItem,
} from './layout.js';
export { addRange, holesIn, mergeLines, rangeSize, withoutRanges, type LineRange } from './lines.js';
export { soundTagFor, soundTags, speakerMarker, type SoundTag } from './markers.js';
export { CaptionMirror, type CaptionOutcome, type CaptionView } from './mirror.js';
export {
  defaultCaptionPreferences,
  parseCaptionPreferences,
  type AnnounceMode,
  type CaptionPreferences,
} from './preferences.js';
export {
  actionOf,
  bindingOf,
  conflictOf,
  defaultBindings,
  defaultCaptionerSettings,
  formatBinding,
  parseCaptionerSettings,
  rebind,
  rotationPeriodsDue,
  sameBinding,
  shortcutActions,
  type Bindings,
  type CaptionerSettings,
  type KeyBinding,
  type KeyPress,
  type ShortcutAction,
} from './shortcuts.js';
export { CaptionWriter, SEND_INTERVAL_MS, type ServerTail, type WriteOutcome, type WriterDeps, type WriterState } from './writer.js';
export { chooseCaptionLanguage } from '../../../shared/captions/language-choice.js';
