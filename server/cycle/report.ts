import { strToU8, zipSync, type Zippable } from 'fflate';
import { chosenTopics } from '../../shared/cycle/execute.js';
import type { ConsultationResponse, CycleState, ResponseDocument } from '../../shared/cycle/model.js';
import { reportedResponses } from '../../shared/cycle/selectors.js';
import { stakeholderGroups, type Language } from '../../shared/meeting/model.js';
import { csvField } from '../archive/exports/csv.js';
import { isoInstant } from '../archive/exports/format.js';
import { escapeHtml } from '../archive/exports/html.js';
import { languageNames } from '../archive/exports/labels.js';
import type { PdfAInput } from '../archive/pdfa/convert.js';
import { compressedCopies } from '../http/encodings.js';
import { translateHtml, translator } from './catalogue.js';
import { consultPath, instant, langAttributes, layout, paragraphs, topicText, topicTitle, type PageStyle } from './pages.js';

/** Where a document of a published response is served: by its hash, under the name it was sent with. */
export const documentHref = (cycleId: string, document: ResponseDocument) =>
  `${consultPath(cycleId)}/documents/${document.sha256}/${encodeURIComponent(document.name)}`;

export const reportHref = (cycleId: string, language: Language) => `${consultPath(cycleId)}/report/${language}.html`;
export const reportPdfHref = (cycleId: string, language: Language) => `${consultPath(cycleId)}/report/${language}.pdf`;

/** The anchor of one response's answer on one topic in the report. */
export const answerAnchor = (responseId: string, topicId: string) => `${responseId}-${topicId}`;

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KiB`;

function documentList(cycleId: string, documents: readonly ResponseDocument[], t: (key: string, params?: Record<string, string | number>) => string, absolute: string): string {
  if (documents.length === 0) return '';
  const items = documents
    .map(
      (document) =>
        `<li><a href="${escapeHtml(absolute + documentHref(cycleId, document))}"><bdi>${escapeHtml(document.name)}</bdi></a> (${document.type.toUpperCase()}, ${kib(document.bytes)}) <span class="hash">${escapeHtml(t('consultation.report.sha256'))} <code>${document.sha256}</code></span></li>`,
    )
    .join('');
  return `<ul class="documents">${items}</ul>`;
}

export interface ReportOptions {
  /** Prefix for links to documents: empty on the site, the public address in files taken elsewhere. */
  absolute: string;
  /**
   * On the site: links to the report in the other languages and its PDF. Without them the
   * report stands alone (PDF, archive bundle): its style inside, no script.
   */
  links: boolean;
  /** The secretariat's preview before publishing: the accepted responses as they stand. */
  draft?: boolean;
}

/** The report as UTF-8, with its compressed copies when `compressed` (what the rendering thread hands back). */
export async function renderedReport(cycle: CycleState, language: Language, options: ReportOptions, compressed: boolean) {
  // A buffer of its own (Buffer.from(string) may take a slice of a shared pool), so the thread can hand it over.
  const encoded = new TextEncoder().encode(reportHtml(cycle, language, options));
  const html = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  return { html, copies: compressed ? await compressedCopies(html, false) : [] };
}

/**
 * The compilation report in one of the cycle's languages: per topic, the accepted responses
 * grouped by stakeholder group, each with respondent, organisation, country and its text or
 * documents, the counts and a table of contents. Labels are translated; responses stay in the
 * language they were written in.
 */
export function reportHtml(cycle: CycleState, language: Language, options: ReportOptions): string {
  const t = translator(language);
  const responses = reportedResponses(cycle);
  const topics = chosenTopics(cycle);
  const answersOn = (topicId: string) =>
    responses.flatMap((response) => {
      const answer = response.answers.find((candidate) => candidate.topicId === topicId);
      return answer ? [{ response, answer }] : [];
    });
  const toc = topics
    .map((topic) => {
      const count = answersOn(topic.id).length;
      return `<li><a href="#topic-${topic.id}">${topicTitle(topicText(cycle, topic, language), language, t)}</a> — ${escapeHtml(t('consultation.report.responseCount', { count }))}</li>`;
    })
    .join('');
  const sections = topics
    .map((topic, index) => {
      const answers = answersOn(topic.id);
      const intro = cycle.intros[topic.id]?.[language];
      const counts = stakeholderGroups
        .map((group) => [group, answers.filter(({ response }) => response.respondent.stakeholderGroup === group).length] as const)
        .filter(([, count]) => count > 0);
      const table = counts.length
        ? `<table><caption>${escapeHtml(t('consultation.report.countsCaption'))}</caption><thead><tr><th scope="col">${escapeHtml(t('consultation.report.group'))}</th><th scope="col">${escapeHtml(t('consultation.report.responses'))}</th></tr></thead><tbody>${counts
            .map(([group, count]) => `<tr><th scope="row">${escapeHtml(t(`stakeholderGroup.${group}`))}</th><td>${count}</td></tr>`)
            .join('')}</tbody><tfoot><tr><th scope="row">${escapeHtml(t('consultation.report.total'))}</th><td>${answers.length}</td></tr></tfoot></table>`
        : `<p>${escapeHtml(t('consultation.report.noResponses'))}</p>`;
      const groups = stakeholderGroups
        .map((group) => {
          const inGroup = answers.filter(({ response }) => response.respondent.stakeholderGroup === group);
          if (inGroup.length === 0) return '';
          const items = inGroup
            .map(({ response, answer }) => responseArticle(cycle, response, answer, t, options.absolute))
            .join('\n');
          return `<section aria-labelledby="g-${topic.id}-${group}"><h3 id="g-${topic.id}-${group}">${escapeHtml(t(`stakeholderGroup.${group}`))}</h3>\n${items}</section>`;
        })
        .join('\n');
      const shown = topicText(cycle, topic, language);
      const { text } = shown;
      const lang = langAttributes(shown.lang);
      return `<section class="report-topic" aria-labelledby="topic-${topic.id}">
<h2 id="topic-${topic.id}">${index + 1}. ${topicTitle(shown, language, t)}</h2>
<p class="hint">${escapeHtml(t('consultation.proposedBy', { memberState: topic.memberState }))}</p>
<div${lang}>${paragraphs(text.description)}</div>
${text.questions.length ? `<h3>${escapeHtml(t('consultation.questions'))}</h3><ol${lang}>${text.questions.map((question) => `<li dir="auto">${escapeHtml(question)}</li>`).join('')}</ol>` : ''}
${intro ? `<div class="intro">${paragraphs(intro)}</div>` : ''}
${table}
${groups}
</section>`;
    })
    .join('\n');
  const report = cycle.report;
  const published = report && !options.draft
    ? translateHtml(t, 'consultation.report.published', { date: instant(report.publishedAt, cycle.timeZone, language), version: String(report.version) })
    : escapeHtml(t('consultation.report.draft'));
  const respondents = new Set(responses.map((response) => response.email.toLowerCase())).size;
  const others = options.links
    ? `<nav class="languages" aria-label="${escapeHtml(t('consultation.languages'))}"><ul>${cycle.languages
        .map(
          (other) =>
            `<li><a href="${reportHref(cycle.id, other)}" lang="${other}" hreflang="${other}"${other === language ? ' aria-current="page"' : ''}>${languageNames[other]}</a></li>`,
        )
        .join('')}</ul></nav>`
    : null;
  const pdf = options.links && report && !options.draft ? `<p><a href="${reportPdfHref(cycle.id, language)}">${escapeHtml(t('consultation.report.pdf'))}</a></p>` : '';
  const title = t('consultation.report.title', { title: cycle.title });
  const main = `<h1 dir="auto">${escapeHtml(title)}</h1>
<p>${published}</p>
<p>${escapeHtml(t('consultation.report.summary', { responses: responses.length, respondents, topics: topics.length }))}</p>
${pdf}
<nav aria-labelledby="toc-heading" class="toc"><h2 id="toc-heading">${escapeHtml(t('consultation.report.contents'))}</h2><ol>${toc}</ol></nav>
${sections}`;
  // A draft opens from a blob in the secretariat's browser: the style comes from this server by its full address.
  const style: PageStyle = options.draft ? { kind: 'linked', base: options.absolute } : options.links ? { kind: 'linked', base: '' } : { kind: 'inline' };
  return layout(language, title, main, others, style);
}

/**
 * What the report printed in `language` says about itself (PDF Info and XMP, as PDF/A asks):
 * its title, the secretariat as author, the group meeting it is for as subject, and the
 * publication time as date, so a reprint of the same version carries the same metadata.
 */
export function reportPdfMetadata(cycle: CycleState, language: Language): PdfAInput {
  if (!cycle.report) throw new Error(`cycle ${cycle.id} has no published report to print`);
  const t = translator(language);
  return {
    title: t('consultation.report.title', { title: cycle.title }),
    author: t('consultation.report.author'),
    subject: t('consultation.report.subject', { groupMeeting: cycle.nextGroupMeeting.name }),
    language,
    creatorTool: 'OpenFloor',
    date: new Date(cycle.report.publishedAt),
  };
}

function responseArticle(
  cycle: CycleState,
  response: ConsultationResponse,
  answer: ConsultationResponse['answers'][number],
  t: ReturnType<typeof translator>,
  absolute: string,
): string {
  const { respondent } = response;
  const facts = [
    respondent.organisation && `<dt>${escapeHtml(t('consultation.form.organisation'))}</dt><dd><bdi>${escapeHtml(respondent.organisation)}</bdi></dd>`,
    respondent.country && `<dt>${escapeHtml(t('consultation.form.country'))}</dt><dd><bdi>${escapeHtml(respondent.country)}</bdi></dd>`,
  ]
    .filter(Boolean)
    .join('');
  return `<article class="response" id="${answerAnchor(response.id, answer.topicId)}" aria-labelledby="${answerAnchor(response.id, answer.topicId)}-name">
<h4 id="${answerAnchor(response.id, answer.topicId)}-name"><bdi>${escapeHtml(respondent.name)}</bdi></h4>
${facts ? `<dl>${facts}</dl>` : ''}
${answer.text ? `<div class="answer-text">${paragraphs(answer.text)}</div>` : ''}
${documentList(cycle.id, answer.documents, t, absolute)}
</article>`;
}

const csvRow = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;

/**
 * Responses as CSV, one row per answer. `withPrivate` adds what only the secretariat sees
 * (e-mail, moderation); the public one holds the published responses only.
 */
export function responsesCsv(cycle: CycleState, responses: readonly ConsultationResponse[], withPrivate: boolean): string {
  const topics = new Map(chosenTopics(cycle).map((topic) => [topic.id, topic.title]));
  const header = [
    'response',
    'submitted',
    'updated',
    'name',
    'organisation',
    'country',
    'stakeholder_group',
    'topic',
    'topic_title',
    'text',
    'documents',
    ...(withPrivate ? ['email', 'language', 'confirmed', 'status', 'reason', 'merged_into'] : []),
  ];
  const rows = responses.flatMap((response) =>
    response.answers.map((answer) => {
      const moderation = response.moderation;
      return csvRow([
        response.id,
        isoInstant(response.submittedAt),
        isoInstant(response.updatedAt),
        response.respondent.name,
        response.respondent.organisation,
        response.respondent.country,
        response.respondent.stakeholderGroup,
        answer.topicId,
        topics.get(answer.topicId) ?? '',
        answer.text,
        answer.documents.map((document) => `${document.name} sha256:${document.sha256}`).join('; '),
        ...(withPrivate
          ? [
              response.email,
              response.language,
              response.confirmedAt === null ? '' : isoInstant(response.confirmedAt),
              moderation.status,
              moderation.status === 'rejected' ? `${moderation.reason}${moderation.note ? `: ${moderation.note}` : ''}` : '',
              moderation.status === 'merged' ? moderation.into : '',
            ]
          : []),
      ]);
    }),
  );
  return `\uFEFF${csvRow(header)}${rows.join('')}`;
}

/** The published responses for the record: no e-mail addresses, documents by name, hash and address. */
export function publishedResponsesJson(cycle: CycleState, absolute: string): string {
  const responses = reportedResponses(cycle).map((response) => ({
    id: response.id,
    submittedAt: isoInstant(response.submittedAt),
    updatedAt: isoInstant(response.updatedAt),
    respondent: response.respondent,
    answers: response.answers.map((answer) => ({
      topicId: answer.topicId,
      text: answer.text,
      documents: answer.documents.map((document) => ({ ...document, url: absolute + documentHref(cycle.id, document) })),
    })),
  }));
  const topics = chosenTopics(cycle).map(({ id, memberState, title, description, questions, translations }) => ({
    id,
    memberState,
    title,
    description,
    questions,
    translations,
  }));
  return `${JSON.stringify({ cycleId: cycle.id, title: cycle.title, report: cycle.report, topics, responses }, null, 2)}\n`;
}

/** Safe inside a zip on every system: the respondent's name, with anything else replaced. */
const zipName = (name: string) => name.replace(/[^\p{L}\p{N} ._-]/gu, '_').slice(0, 120);

/** Everything the secretariat received: the CSV, the JSON of every response, and each document. */
export function exportZip(cycle: CycleState, documentOf: (sha256: string) => Uint8Array | null): Uint8Array {
  const entries: Zippable = {
    'responses.csv': strToU8(responsesCsv(cycle, cycle.responses, true)),
    'responses.json': strToU8(`${JSON.stringify({ cycleId: cycle.id, title: cycle.title, responses: cycle.responses }, null, 2)}\n`),
  };
  for (const response of cycle.responses) {
    for (const answer of response.answers) {
      for (const document of answer.documents) {
        const bytes = documentOf(document.sha256);
        if (bytes) entries[`documents/${response.id}/${answer.topicId}/${zipName(document.name)}`] = [bytes, { level: 0 }];
      }
    }
  }
  return zipSync(entries, { level: 6 });
}
