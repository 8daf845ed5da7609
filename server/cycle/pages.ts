import { chosenTopics } from '../../shared/cycle/execute.js';
import type { ConsultationResponse, CycleState, Proposal, TopicText } from '../../shared/cycle/model.js';
import { consultationPhase, cycleSchedule, startOfDay } from '../../shared/cycle/schedule.js';
import type { AppError } from '../../shared/errors.js';
import { dirOf, languageNames, scriptLanguage } from '../../shared/i18n/catalogue.js';
import { languages, stakeholderGroups, type Language } from '../../shared/meeting/model.js';
import { formatZoned } from '../../shared/zoned-time.js';
import { escapeHtml } from '../archive/exports/html.js';
import { consultAssets } from './assets.js';
import { translateHtml, translator, type Translate } from './catalogue.js';
import { MAX_DOCUMENT_BYTES } from './documents.js';

export const CONSULT_BASE = '/consult';
export const consultPath = (cycleId: string) => `${CONSULT_BASE}/${encodeURIComponent(cycleId)}`;

/** A topic's text as a reader gets it, with the language it is in. */
export interface ShownTopic {
  text: TopicText;
  lang: Language;
  /** The original shown because the reader's language has no translation. */
  original: boolean;
}

/**
 * The topic's text in the reader's language when the secretariat gave one, else as proposed:
 * in the language its script tells (Chinese, Arabic, Cyrillic), else in the cycle's first
 * language, the one the secretariat writes proposals in.
 */
export function topicText(cycle: Pick<CycleState, 'languages'>, topic: Proposal, language: Language): ShownTopic {
  const translated = topic.translations[language];
  if (translated) return { text: translated, lang: language, original: false };
  return { text: topic, lang: scriptLanguage(topic.title) ?? cycle.languages[0]!, original: true };
}

/** The `lang` and `dir` of text in `lang`, for any element: a topic's text on a page in another language. */
export const langAttributes = (lang: Language): string => ` lang="${lang}" dir="${dirOf(lang)}"`;

/** A topic's title, marked as the original when it is not in the page's language. */
export function topicTitle(shown: ShownTopic, language: Language, t: Translate): string {
  const title = `<bdi${langAttributes(shown.lang)}>${escapeHtml(shown.text.title)}</bdi>`;
  if (shown.lang === language) return title;
  return `${title} <span class="original-marker">(${escapeHtml(t('topic.original', { language: t(`language.${shown.lang}`) }))})</span>`;
}

/** The instant a reader sees: the cycle's zone on the page, the reader's own once the script ran. */
export function instant(ms: number, timeZone: string, language: Language): string {
  return `<time datetime="${new Date(ms).toISOString()}" data-local-time>${escapeHtml(formatZoned(ms, timeZone, language))}</time>`;
}

/** The last minute of responses: the due day's 23:59, which reads better than the next day's 00:00. */
export const lastMinute = (cycle: CycleState) => cycleSchedule(cycle).closesAt - 60_000;

/**
 * Where a page's style comes from: this server's files (`linked`, with `base` before their
 * paths when the page is read from elsewhere, such as a preview opened from a blob), or its own
 * inline copy and no script (`inline`: the report in the archive bundle and printed to PDF,
 * read away from this server).
 */
export type PageStyle = { kind: 'linked'; base: string } | { kind: 'inline' };

export function layout(language: Language, title: string, main: string, alternates: string | null, style: PageStyle = { kind: 'linked', base: '' }): string {
  const t = translator(language);
  const head =
    style.kind === 'inline'
      ? `<style>${consultAssets['consult.css']!.body}</style>`
      : `<link rel="stylesheet" href="${escapeHtml(style.base)}${CONSULT_BASE}/assets/consult.css">
<script src="${escapeHtml(style.base)}${CONSULT_BASE}/assets/local-time.js" defer></script>`;
  return `<!doctype html>
<html lang="${language}" dir="${dirOf(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
<a class="skip" href="#main">${escapeHtml(t('consultation.skip'))}</a>
${alternates ?? ''}
<main id="main" tabindex="-1">
${main}
</main>
</body>
</html>
`;
}

/** Links to the same page in the six UN languages, each named in itself. */
export function languageNav(current: Language, hrefOf: (language: Language) => string): string {
  const t = translator(current);
  const items = languages
    .map((language) => {
      const currentMark = language === current ? ' aria-current="page"' : '';
      return `<li><a href="${escapeHtml(hrefOf(language))}" lang="${language}" hreflang="${language}"${currentMark}>${languageNames[language]}</a></li>`;
    })
    .join('');
  return `<nav class="languages" aria-label="${escapeHtml(t('consultation.languages'))}"><ul>${items}</ul></nav>`;
}

function phaseNotice(cycle: CycleState, now: number, language: Language, t: Translate): string {
  const schedule = cycleSchedule(cycle);
  const phase = consultationPhase(cycle, now);
  const due = instant(lastMinute(cycle), cycle.timeZone, language);
  if (phase === 'open') return `<p class="status status-open">${translateHtml(t, 'consultation.openUntil', { deadline: due })}</p>`;
  if (phase === 'closed') return `<p class="status status-closed">${translateHtml(t, 'consultation.closedSince', { deadline: due })}</p>`;
  const opens = schedule.launch ? instant(startOfDay(schedule.launch, cycle.timeZone), cycle.timeZone, language) : null;
  return `<p class="status status-closed">${opens ? translateHtml(t, 'consultation.opensOn', { date: opens, deadline: due }) : escapeHtml(t('consultation.notOpenYet'))}</p>`;
}

function topicsSection(cycle: CycleState, language: Language, t: Translate): string {
  const topics = chosenTopics(cycle)
    .map((topic, index) => {
      const shown = topicText(cycle, topic, language);
      const { text } = shown;
      const lang = langAttributes(shown.lang);
      const questions = text.questions.length
        ? `<h4>${escapeHtml(t('consultation.questions'))}</h4><ol${lang}>${text.questions.map((q) => `<li dir="auto">${escapeHtml(q)}</li>`).join('')}</ol>`
        : '';
      return `<article class="topic" aria-labelledby="topic-${topic.id}">
<h3 id="topic-${topic.id}"><span class="topic-number">${index + 1}.</span> ${topicTitle(shown, language, t)}</h3>
<p class="hint">${escapeHtml(t('consultation.proposedBy', { memberState: topic.memberState }))}</p>
<div${lang}>${paragraphs(text.description)}</div>
${questions}
</article>`;
    })
    .join('\n');
  return `<section aria-labelledby="topics-heading"><h2 id="topics-heading">${escapeHtml(t('consultation.topics'))}</h2>${topics}</section>`;
}

/** Plain text as paragraphs, in whatever direction its own script has. */
export function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p dir="auto">${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** What the form shows again after a refusal, or the response being edited. */
export interface FormValues {
  name: string;
  organisation: string;
  country: string;
  stakeholderGroup: string;
  email: string;
  answers: Record<string, string>;
  /** Documents already attached (editing): kept unless unticked. */
  documents: Record<string, { name: string; sha256: string }[]>;
  consent: boolean;
  /** The submission this page's form makes (a new response's only; empty when editing). */
  submission: string;
}

export const emptyForm: FormValues = {
  name: '',
  organisation: '',
  country: '',
  stakeholderGroup: '',
  email: '',
  answers: {},
  documents: {},
  consent: false,
  submission: '',
};

export function formValuesOf(response: ConsultationResponse): FormValues {
  return {
    name: response.respondent.name,
    organisation: response.respondent.organisation,
    country: response.respondent.country,
    stakeholderGroup: response.respondent.stakeholderGroup,
    email: response.email,
    answers: Object.fromEntries(response.answers.map((answer) => [answer.topicId, answer.text])),
    documents: Object.fromEntries(
      response.answers.map((answer) => [answer.topicId, answer.documents.map(({ name, sha256 }) => ({ name, sha256 }))]),
    ),
    consent: true,
    submission: '',
  };
}

/** A refusal and the field it concerns (null: the form as a whole). */
export interface FormError {
  field: string | null;
  error: AppError;
}

const fieldId = (field: string) => `field-${field}`;

function errorSummary(errors: readonly FormError[], t: Translate): string {
  if (errors.length === 0) return '';
  const items = errors
    .map(({ field, error }) => {
      const text = escapeHtml(t(`errors.${error.code}`)) + (error.detail ? ` <bdi>(${escapeHtml(error.detail)})</bdi>` : '');
      return `<li>${field ? `<a href="#${fieldId(field)}">${text}</a>` : text}</li>`;
    })
    .join('');
  return `<div class="error-summary" role="alert" tabindex="-1" id="form-errors"><h2>${escapeHtml(t('consultation.form.errors'))}</h2><ul>${items}</ul></div>`;
}

function fieldError(errors: readonly FormError[], field: string, t: Translate): { html: string; describedBy: string } {
  const own = errors.filter((error) => error.field === field);
  if (own.length === 0) return { html: '', describedBy: '' };
  const id = `${fieldId(field)}-error`;
  return {
    html: `<p class="field-error" id="${id}">${own.map(({ error }) => escapeHtml(t(`errors.${error.code}`))).join(' ')}</p>`,
    describedBy: id,
  };
}

function textInput(
  field: string,
  label: string,
  value: string,
  errors: readonly FormError[],
  t: Translate,
  options: { required?: boolean; type?: string; autocomplete?: string; hint?: string } = {},
): string {
  const error = fieldError(errors, field, t);
  const hintId = options.hint ? `${fieldId(field)}-hint` : '';
  const describedBy = [hintId, error.describedBy].filter(Boolean).join(' ');
  return `<div class="field">
<label for="${fieldId(field)}">${escapeHtml(label)}${options.required ? ` <span class="required">${escapeHtml(t('consultation.form.required'))}</span>` : ''}</label>
${options.hint ? `<p class="hint" id="${hintId}">${escapeHtml(options.hint)}</p>` : ''}${error.html}
<input id="${fieldId(field)}" name="${field}" type="${options.type ?? 'text'}" value="${escapeHtml(value)}" dir="auto"${options.required ? ' required aria-required="true"' : ''}${options.autocomplete ? ` autocomplete="${options.autocomplete}"` : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}${error.html ? ' aria-invalid="true"' : ''}>
</div>`;
}

export interface ResponseFormOptions {
  action: string;
  values: FormValues;
  errors: readonly FormError[];
  /** Editing through the respondent's link: the e-mail address stays the one confirmed. */
  editing: boolean;
}

function responseForm(cycle: CycleState, language: Language, t: Translate, options: ResponseFormOptions): string {
  const { values, errors } = options;
  const groupError = fieldError(errors, 'stakeholderGroup', t);
  const groupOptions = [`<option value="">${escapeHtml(t('consultation.form.chooseGroup'))}</option>`]
    .concat(
      stakeholderGroups.map(
        (group) =>
          `<option value="${group}"${values.stakeholderGroup === group ? ' selected' : ''}>${escapeHtml(t(`stakeholderGroup.${group}`))}</option>`,
      ),
    )
    .join('');
  const maxMb = Math.round(MAX_DOCUMENT_BYTES / (1024 * 1024));
  const answers = chosenTopics(cycle)
    .map((topic) => {
      const shown = topicText(cycle, topic, language);
      const answerField = `answer-${topic.id}`;
      const documentsField = `documents-${topic.id}`;
      const answerError = fieldError(errors, answerField, t);
      const documentsError = fieldError(errors, documentsField, t);
      const kept = (values.documents[topic.id] ?? [])
        .map(
          (document, index) => `<div class="check"><input type="checkbox" id="keep-${topic.id}-${index}" name="keep-${topic.id}" value="${document.sha256}" checked>
<label for="keep-${topic.id}-${index}">${escapeHtml(t('consultation.form.keepDocument'))} <bdi>${escapeHtml(document.name)}</bdi></label></div>`,
        )
        .join('');
      return `<fieldset class="answer">
<legend>${escapeHtml(t('consultation.form.answerOn'))} <bdi${langAttributes(shown.lang)}>${escapeHtml(shown.text.title)}</bdi></legend>
<div class="field">
<label for="${fieldId(answerField)}">${escapeHtml(t('consultation.form.answer'))}</label>${answerError.html}
<textarea id="${fieldId(answerField)}" name="${answerField}" rows="8" dir="auto" maxlength="20000"${answerError.describedBy ? ` aria-describedby="${answerError.describedBy}" aria-invalid="true"` : ''}>${escapeHtml(values.answers[topic.id] ?? '')}</textarea>
</div>
${kept}
<div class="field">
<label for="${fieldId(documentsField)}">${escapeHtml(t('consultation.form.documents'))}</label>
<p class="hint" id="${fieldId(documentsField)}-hint">${escapeHtml(t('consultation.form.documentsHint', { size: maxMb, count: 3 }))}</p>${documentsError.html}
<input type="file" id="${fieldId(documentsField)}" name="${documentsField}" multiple accept=".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text" aria-describedby="${fieldId(documentsField)}-hint${documentsError.describedBy ? ` ${documentsError.describedBy}` : ''}">
</div>
</fieldset>`;
    })
    .join('\n');
  const consentError = fieldError(errors, 'consent', t);
  return `<form method="post" action="${escapeHtml(options.action)}" enctype="multipart/form-data" novalidate aria-labelledby="form-heading">
<h2 id="form-heading">${escapeHtml(t(options.editing ? 'consultation.form.editHeading' : 'consultation.form.heading'))}</h2>
${values.submission ? `<input type="hidden" name="submission" value="${escapeHtml(values.submission)}">\n` : ''}${errorSummary(errors, t)}
<p class="hint">${escapeHtml(t('consultation.form.intro'))}</p>
<fieldset>
<legend>${escapeHtml(t('consultation.form.aboutYou'))}</legend>
${textInput('name', t('consultation.form.name'), values.name, errors, t, { required: true, autocomplete: 'name' })}
${textInput('organisation', t('consultation.form.organisation'), values.organisation, errors, t, { autocomplete: 'organization' })}
${textInput('country', t('consultation.form.country'), values.country, errors, t, { autocomplete: 'country-name' })}
<div class="field">
<label for="${fieldId('stakeholderGroup')}">${escapeHtml(t('consultation.form.group'))} <span class="required">${escapeHtml(t('consultation.form.required'))}</span></label>${groupError.html}
<select id="${fieldId('stakeholderGroup')}" name="stakeholderGroup" required aria-required="true"${groupError.describedBy ? ` aria-describedby="${groupError.describedBy}" aria-invalid="true"` : ''}>${groupOptions}</select>
</div>
${
  options.editing
    ? `<p>${escapeHtml(t('consultation.form.emailKept'))} <bdi>${escapeHtml(values.email)}</bdi></p>`
    : textInput('email', t('consultation.form.email'), values.email, errors, t, {
        required: true,
        type: 'email',
        autocomplete: 'email',
        hint: t('consultation.form.emailHint'),
      })
}
</fieldset>
${answers}
<div class="trap" aria-hidden="true"><label for="field-website">${escapeHtml(t('consultation.form.trap'))}</label><input id="field-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="language" value="${language}">
<div class="check consent">${consentError.html}
<input type="checkbox" id="${fieldId('consent')}" name="consent" value="yes"${values.consent ? ' checked' : ''} required aria-required="true"${consentError.describedBy ? ` aria-describedby="${consentError.describedBy}" aria-invalid="true"` : ''}>
<label for="${fieldId('consent')}">${escapeHtml(t('consultation.form.consent'))}</label>
</div>
<button type="submit">${escapeHtml(t(options.editing ? 'consultation.form.saveChanges' : 'consultation.form.submit'))}</button>
</form>`;
}

export interface ConsultationPageOptions {
  now: number;
  language: Language;
  form: ResponseFormOptions | null;
  /** A notice above the form: what just happened. */
  notice?: string;
  /** Where the published compilation report is, once it is. */
  reportHref: string | null;
  /** Where a respondent asks for their link again; null where no e-mail is sent. */
  resendAction: string | null;
}

/**
 * A respondent whose confirmation never came, or who lost it, asks for their link again with
 * their address alone: a plain form, answered the same whether the address responded or not.
 */
function resendForm(action: string, t: Translate): string {
  return `<section class="resend" aria-labelledby="resend-heading">
<h2 id="resend-heading">${escapeHtml(t('consultation.resend.heading'))}</h2>
<form method="post" action="${escapeHtml(action)}" enctype="multipart/form-data" novalidate>
${textInput('resend-email', t('consultation.resend.email'), '', [], t, { type: 'email', autocomplete: 'email', hint: t('consultation.resend.hint') })}
<button type="submit">${escapeHtml(t('consultation.resend.submit'))}</button>
</form>
</section>`;
}

/** The public page of a cycle: its topics, its dates, and the response form while it is open. */
export function consultationPage(cycle: CycleState, options: ConsultationPageOptions): string {
  const { language, now } = options;
  const t = translator(language);
  const open = consultationPhase(cycle, now) === 'open';
  // Refused while closed (a form sent just after the deadline): the reason, without a form to send again.
  const form = !options.form ? '' : open ? responseForm(cycle, language, t, options.form) : errorSummary(options.form.errors, t);
  const report = options.reportHref
    ? `<p class="report-link"><a href="${escapeHtml(options.reportHref)}">${escapeHtml(t('consultation.reportLink'))}</a></p>`
    : '';
  const main = `<h1><bdi>${escapeHtml(cycle.title)}</bdi></h1>
<p>${escapeHtml(t('consultation.intro'))}</p>
${phaseNotice(cycle, now, language, t)}
${options.notice ?? ''}
${report}
${topicsSection(cycle, language, t)}
${form}
${options.resendAction && consultationPhase(cycle, now) !== 'not_launched' ? resendForm(options.resendAction, t) : ''}`;
  const here = consultPath(cycle.id);
  return layout(language, cycle.title, main, languageNav(language, (other) => `${here}?lang=${other}`));
}

/** A page that only says something: thanks, a refusal without a form, a link that does not work. */
export function messagePage(language: Language, title: string, body: string, backHref: string | null): string {
  const t = translator(language);
  const back = backHref ? `<p><a href="${escapeHtml(backHref)}">${escapeHtml(t('consultation.back'))}</a></p>` : '';
  return layout(language, title, `<h1>${escapeHtml(title)}</h1>\n${body}\n${back}`, null);
}

