import { useDeferredValue, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { issuedLinkProblem } from '../../../../shared/access/links.js';
import { roles, SIGN_BOOTH, type BoothLanguage, type Language, type MeetingState, type Role } from '../../../../shared/meeting/model.js';
import type { LinkWithUrl } from '../../api.js';
import { CopyField } from '../../components/CopyField.js';
import { CaptionLanguagesField } from '../../components/captions/CaptionLanguagesField.js';
import { SelectField, TextField } from '../../components/Field.js';
import { expiresBeforeMeetingEnds, followingExpiry } from '../../../../shared/meeting/selectors.js';
import { searchMatcher } from '../../../../shared/search.js';
import { formatDateTime, zoneLabel } from '../../format.js';
import { zonedToEpoch } from './zonedTime.js';

type IssuableRole = Exclude<Role, 'participant'>;
const issuableRoles = roles.filter((role): role is IssuableRole => role !== 'participant');

interface LinksPanelProps {
  state: MeetingState;
  links: readonly LinkWithUrl[];
  onIssue: (link: { role: IssuableRole; label: string; expiresAt?: number; captions?: Language[]; lead?: boolean; booth?: BoothLanguage }) => Promise<string | null>;
  onRevoke: (linkId: string) => Promise<boolean>;
  /** Makes a link follow the meeting again (same address): the fix for one that expires too early. */
  onRenew: (linkId: string) => Promise<boolean>;
  /** Makes a captioner seat the lead captioner's, or an ordinary seat again. */
  onSetLead: (linkId: string, lead: boolean) => Promise<boolean>;
  /** An archived meeting: its links are listed, never issued or revoked. */
  readOnly?: boolean;
}

/** Invite links are the only keys to a meeting: who holds which, and a way to take one back. */
export function LinksPanel({ state, links, onIssue, onRevoke, onRenew, onSetLead, readOnly = false }: LinksPanelProps) {
  const { t, i18n } = useTranslation();
  const roleLinks = links.filter((link) => link.role !== 'participant');
  const personalLinks = links.filter((link) => link.role === 'participant');
  const changes = readOnly ? null : { onRevoke, onRenew, onSetLead };
  const tooShort = readOnly ? [] : links.filter((link) => expiresBeforeMeetingEnds(state, link));
  return (
    <section className="panel" aria-labelledby="links-heading">
      <h2 id="links-heading">{t('links.heading')}</h2>
      <p className="hint">{t('links.timesIn', { zone: zoneLabel(state.startsAt, state.timeZone, i18n.language) })}</p>
      {tooShort.length > 0 && (
        <div className="notice notice-error" role="alert">
          <p>{t('links.expiringSummary', { count: tooShort.length })}</p>
          {/* Personal links sit in a closed list; a renewal for all saves opening it. */}
          <button
            type="button"
            onClick={async () => {
              for (const link of tooShort) await onRenew(link.id);
            }}
          >
            {t('links.renewAll', { count: tooShort.length })}
          </button>
        </div>
      )}
      {!readOnly && (
        <CopyField
          label={t('links.registration')}
          value={`${location.origin}/m/${encodeURIComponent(state.id)}/register`}
        />
      )}
      <h3>{t('links.roleLinks')}</h3>
      <LinkList state={state} links={roleLinks} changes={changes} />
      {!readOnly && <IssueForm state={state} onIssue={onIssue} />}
      <PersonalLinks state={state} links={personalLinks} changes={changes} />
    </section>
  );
}

/** At most this many personal links are listed at once: a search finds the others. */
const PERSONAL_LINKS_SHOWN = 50;

/**
 * The participants' own links, in a closed list until it is opened: with 800 registered they
 * were 13,000 elements, built on every load of the page and again on every registration. Open,
 * a search by name, affiliation or country finds the one a delegate lost.
 */
function PersonalLinks({ state, links, changes }: { state: MeetingState; links: readonly LinkWithUrl[]; changes: Parameters<typeof LinkList>[0]['changes'] }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const participants = useMemo(() => new Map(state.participants.map((participant) => [participant.id, participant])), [state.participants]);
  const found = useMemo(() => {
    const matches = searchMatcher(deferredSearch);
    return links.filter((link) => {
      const participant = link.participantId === null ? undefined : participants.get(link.participantId);
      return matches([link.label, participant?.affiliation ?? '', participant?.country ?? '']);
    });
  }, [links, participants, deferredSearch]);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('links.personalLinks', { count: links.length })}</summary>
      {open && (
        <>
          {(links.length > PERSONAL_LINKS_SHOWN || search !== '') && (
            <TextField id={`${id}-find`} type="search" label={t('links.findPerson')} value={search} onChange={(event) => setSearch(event.target.value)} maxLength={120} dir="auto" />
          )}
          <p role="status" className="hint">
            {found.length > PERSONAL_LINKS_SHOWN ? t('links.showingFirst', { shown: PERSONAL_LINKS_SHOWN, matching: found.length }) : found.length === 0 && links.length > 0 ? t('links.noMatch') : null}
          </p>
          <LinkList state={state} links={found.slice(0, PERSONAL_LINKS_SHOWN)} changes={changes} />
        </>
      )}
    </details>
  );
}

function LinkList({
  state,
  links,
  changes,
}: {
  state: MeetingState;
  links: readonly LinkWithUrl[];
  /** None when links may not be revoked or renewed. */
  changes: Pick<LinksPanelProps, 'onRevoke' | 'onRenew' | 'onSetLead'> | null;
}) {
  const { t, i18n } = useTranslation();
  if (links.length === 0) return <p className="empty">{t('links.none')}</p>;
  const now = Date.now();
  const when = (ms: number) => formatDateTime(ms, state.timeZone, i18n.language);
  return (
    <ul className="links">
      {links.map((link) => {
        const name = [t(`role.${link.role}`), link.booth && t(`language.${link.booth}`), link.label].filter(Boolean).join(' – ');
        const active = issuedLinkProblem(link, now) === null;
        const tooShort = expiresBeforeMeetingEnds(state, link);
        const stateClass = tooShort ? 'link-state link-too-short' : active ? 'link-state' : 'link-state link-dead';
        return (
          <li key={link.id}>
            <p className="link-title">
              <strong>
                <bdi>{name}</bdi>
              </strong>{' '}
              <span className={stateClass}>
                {link.revokedAt !== null
                  ? t('links.revoked', { date: when(link.revokedAt) })
                  : active
                    ? t('links.validUntil', { date: when(link.expiresAt) })
                    : t('links.expired', { date: when(link.expiresAt) })}
                {tooShort && ` – ${t('links.beforeMeetingEnds', { end: when(state.endsAt) })}`}
              </span>
              {link.role === 'captioner' && link.lead && <span className="badge">{t('links.lead')}</span>}
              {!tooShort && active && link.followsMeetingSince !== null && (
                <span className="hint"> ({t('links.followsMeeting', { count: state.linkGraceHours })})</span>
              )}
            </p>
            {active && <CopyField label={t('links.linkFor', { name })} value={link.url} />}
            {changes && (tooShort || active) && (
              <div className="link-actions">
                {tooShort && (
                  <button type="button" className="primary" onClick={() => void changes.onRenew(link.id)}>
                    {t('links.renew')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                )}
                {active && link.role === 'captioner' && (
                  <button type="button" aria-pressed={link.lead} onClick={() => void changes.onSetLead(link.id, !link.lead)}>
                    {t('links.leadToggle')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                )}
                {active && (
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('links.confirmRevoke', { name }))) void changes.onRevoke(link.id);
                    }}
                  >
                    {t('links.revoke')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function IssueForm({ state, onIssue }: { state: MeetingState; onIssue: LinksPanelProps['onIssue'] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [role, setRole] = useState<IssuableRole>('chair');
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [captions, setCaptions] = useState<Language[]>([]);
  const [lead, setLead] = useState(false);
  // An interpreter's link names the booth's target language.
  const [booth, setBooth] = useState<BoothLanguage>(state.languages[1] ?? state.languages[0] ?? 'en');
  const [issued, setIssued] = useState<string | null>(null);
  // Screens show up to two caption languages, a viewer's page one; other roles none.
  const captionsMost = role === 'screen' ? 2 : role === 'viewer' ? 1 : 0;

  const chosen = expires ? zonedToEpoch(expires, state.timeZone) : null;
  const when = (ms: number) => formatDateTime(ms, state.timeZone, i18n.language);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const expiresAt = chosen;
    const url = await onIssue({
      role,
      label,
      ...(expiresAt === null ? {} : { expiresAt }),
      captions: captions.slice(0, captionsMost),
      ...(role === 'captioner' && lead ? { lead } : {}),
      ...(role === 'interpreter' ? { booth } : {}),
    });
    if (url === null) return;
    setIssued(url);
    setLabel('');
    setExpires('');
    setCaptions([]);
    setLead(false);
  };

  return (
    <form className="issue-form" aria-labelledby={`${id}-heading`} onSubmit={(event) => void submit(event)}>
      <h3 id={`${id}-heading`}>{t('links.issueHeading')}</h3>
      <div className="field-row">
        <SelectField
          id={`${id}-role`}
          label={t('links.role')}
          value={role}
          onChange={(event) => setRole(event.target.value as IssuableRole)}
        >
          {issuableRoles.map((option) => (
            <option key={option} value={option}>
              {t(`role.${option}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id={`${id}-label`}
          label={t('links.label')}
          maxLength={120}
          dir="auto"
          value={label}
          onChange={(event) => setLabel(event.target.value)}
        />
        <TextField
          id={`${id}-expires`}
          label={t('links.expires')}
          type="datetime-local"
          value={expires}
          onChange={(event) => setExpires(event.target.value)}
          describedBy={`${id}-expires-note`}
          note={
            chosen !== null && chosen < state.endsAt ? (
              <p className="field-error" id={`${id}-expires-note`}>
                {t('links.chosenBeforeEnd', { end: when(state.endsAt) })}
              </p>
            ) : (
              <p className="hint" id={`${id}-expires-note`}>
                {chosen === null
                  ? t('links.defaultExpiry', { date: when(followingExpiry(state, Date.now())), count: state.linkGraceHours })
                  : ''}
              </p>
            )
          }
        />
      </div>
      {role === 'interpreter' && (
        <SelectField id={`${id}-booth`} label={t('interpretation.boothField')} value={booth} onChange={(event) => setBooth(event.target.value as BoothLanguage)}>
          {[...state.languages, SIGN_BOOTH].map((language) => (
            <option key={language} value={language}>
              {t(`language.${language}`)}
            </option>
          ))}
        </SelectField>
      )}
      {captionsMost > 0 && (
        <CaptionLanguagesField
          label={t('captionLanguages.link')}
          languages={state.languages}
          most={captionsMost === 2 ? 2 : 1}
          none={role === 'screen' ? t('captionLanguages.linkChair') : t('captionLanguages.linkViewer')}
          value={captions.slice(0, captionsMost)}
          onChange={setCaptions}
        />
      )}
      {role === 'captioner' && (
        <div className="choice">
          <label>
            <input type="checkbox" checked={lead} onChange={(event) => setLead(event.target.checked)} aria-describedby={`${id}-lead-hint`} />
            {t('links.leadLabel')}
          </label>
          <p className="hint checkbox-hint" id={`${id}-lead-hint`}>
            {t('links.leadHint')}
          </p>
        </div>
      )}
      <button type="submit">{t('links.issue')}</button>
      <p role="status">{issued && t('links.issuedNotice')}</p>
      {issued && <CopyField label={t('links.issued')} value={issued} />}
    </form>
  );
}
