/**
 * The public consultation page's style and its one script. The page is complete without the
 * script; it only rewrites each `<time data-local-time>` into the reader's own time zone.
 */
const css = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #8a8a8a; --accent: #0b4f8a; --bad: #a4000f; --good: #0a6b2d; --paper: #fff; --tint: #f2f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.55 system-ui, "Noto Sans", "Noto Naskh Arabic", "Segoe UI", sans-serif; color: var(--ink); background: var(--paper); }
main { max-inline-size: 46rem; margin-inline: auto; padding: 1rem 1rem 4rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; line-height: 1.25; margin-block: 0.5rem 1rem; }
h2 { font-size: 1.3rem; margin-block: 2rem 0.75rem; }
h3 { font-size: 1.15rem; margin-block: 1.5rem 0.5rem; }
h4 { font-size: 1rem; margin-block: 1rem 0.25rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; inset-inline-start: 0.5rem; inset-block-start: -3rem; background: var(--paper); padding: 0.5rem; }
.skip:focus { inset-block-start: 0.5rem; }
.languages ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0.75rem 1rem; justify-content: flex-end; border-block-end: 1px solid var(--line); }
.languages a { display: inline-block; padding-block: 0.5rem; min-block-size: 24px; }
.languages a[aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
.status { padding: 0.75rem 1rem; border-inline-start: 6px solid var(--line); background: var(--tint); }
.status-open { border-color: var(--good); }
.status-closed { border-color: var(--bad); }
.notice { padding: 0.75rem 1rem; background: var(--tint); border-inline-start: 6px solid var(--accent); }
.hint { color: var(--muted); font-size: 0.95rem; margin-block: 0.25rem; }
.original-marker { font-size: 0.8em; font-weight: normal; color: var(--muted); }
.topic { border-block-start: 1px solid var(--line); padding-block: 0.5rem; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin-block: 1.25rem; padding: 0.5rem 1rem 1rem; }
legend { font-weight: 700; padding-inline: 0.25rem; }
.field { margin-block: 0.9rem; }
label { display: block; font-weight: 600; margin-block-end: 0.25rem; }
.required { font-weight: 400; color: var(--muted); }
input[type=text], input[type=email], select, textarea { inline-size: 100%; font: inherit; padding: 0.55rem 0.6rem; border: 2px solid var(--muted); border-radius: 4px; background: var(--paper); color: var(--ink); }
input[type=file] { font: inherit; max-inline-size: 100%; padding-block: 0.4rem; }
[aria-invalid=true] { border-color: var(--bad); }
.check { display: flex; gap: 0.6rem; align-items: flex-start; margin-block: 0.75rem; }
.check input { inline-size: 1.5rem; block-size: 1.5rem; flex: none; margin: 0.1rem 0 0; }
.check label { font-weight: 400; margin: 0; flex: 1; }
.consent { flex-wrap: wrap; }
.consent .field-error { flex-basis: 100%; }
.field-error { color: var(--bad); font-weight: 600; margin-block: 0.25rem; }
.error-summary { border: 4px solid var(--bad); padding: 0.5rem 1rem; margin-block: 1rem; }
.error-summary h2 { margin-block: 0.5rem; font-size: 1.15rem; }
.error-summary a { color: var(--bad); font-weight: 600; }
button { font: inherit; font-weight: 700; padding: 0.75rem 1.5rem; min-block-size: 44px; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
.trap { position: absolute; inset-inline-start: -10000px; inline-size: 1px; block-size: 1px; overflow: hidden; }
.link { overflow-wrap: anywhere; }
.report-topic { border-block-start: 3px solid var(--ink); margin-block-start: 2.5rem; }
.response { border-inline-start: 4px solid var(--line); padding-inline-start: 1rem; margin-block: 1.25rem; }
.response dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0.25rem 0; }
.response dt { color: var(--muted); }
.response dd { margin: 0; }
table { border-collapse: collapse; margin-block: 1rem; }
caption { text-align: start; font-weight: 600; padding-block-end: 0.25rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.75rem; text-align: start; }
.hash code { font-size: 0.8rem; overflow-wrap: anywhere; }
.documents li { margin-block: 0.35rem; }
@media print { .languages, .skip { display: none; } a { color: inherit; } }
`;

const localTime = `
(function () {
  var lang = document.documentElement.lang || undefined;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll('time[data-local-time]').forEach(function (el) {
    var when = new Date(el.getAttribute('datetime'));
    if (isNaN(when.getTime())) return;
    var text = new Intl.DateTimeFormat(lang + '-u-nu-latn', { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone, timeZoneName: 'short' }).format(when);
    el.setAttribute('title', el.textContent);
    el.textContent = text.indexOf(zone) === -1 ? text + ' (' + zone + ')' : text;
  });
})();
`;

export const consultAssets: Record<string, { type: string; body: string }> = {
  'consult.css': { type: 'text/css; charset=utf-8', body: css },
  'local-time.js': { type: 'text/javascript; charset=utf-8', body: localTime },
};
