import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, type Language, type MeetingState, type Role } from '../../../../shared/meeting/model.js';
import type { LinkWithUrl } from '../../api.js';
import { CopyField } from '../../components/CopyField.js';
import { CaptionLanguagesField } from '../../components/captions/CaptionLanguagesField.js';
import { SelectField, TextField } from '../../components/Field.js';
import { formatDateTime } from '../../format.js';
import { zonedToEpoch } from './zonedTime.js';

type IssuableRole = Exclude<Role, 'participant'>;
const issuableRoles = roles.filter((role): role is IssuableRole => role !== 'participant');

interface LinksPanelProps {
  state: MeetingState;
  links: readonly LinkWithUrl[];
  onIssue: (link: { role: IssuableRole; label: string; expiresAt?: number; captions?: Language[] }) => Promise<string | null>;
  onRevoke: (linkId: string) => Promise<boolean>;
  /** An archived meeting: its links are listed, never issued or revoked. */
  readOnly?: boolean;
}

/** Invite links are the only keys to a meeting: who holds which, and a way to take one back. */
export function LinksPanel({ state, links, onIssue, onRevoke, readOnly = false }: LinksPanelProps) {
  const { t } = useTranslation();
  const roleLinks = links.filter((link) => link.role !== 'participant');
  const personalLinks = links.filter((link) => link.role === 'participant');
  return (
    <section className="panel" aria-labelledby="links-heading">
      <h2 id="links-heading">{t('links.heading')}</h2>
      {!readOnly && (
        <CopyField
          label={t('links.registration')}
          value={`${location.origin}/m/${encodeURIComponent(state.id)}/register`}
        />
      )}
      <h3>{t('links.roleLinks')}</h3>
      <LinkList state={state} links={roleLinks} onRevoke={readOnly ? null : onRevoke} />
      {!readOnly && <IssueForm state={state} onIssue={onIssue} />}
      <details>
        <summary>{t('links.personalLinks', { count: personalLinks.length })}</summary>
        <LinkList state={state} links={personalLinks} onRevoke={readOnly ? null : onRevoke} />
      </details>
    </section>
  );
}

function LinkList({
  state,
  links,
  onRevoke,
}: {
  state: MeetingState;
  links: readonly LinkWithUrl[];
  /** None when links may not be revoked. */
  onRevoke: LinksPanelProps['onRevoke'] | null;
}) {
  const { t, i18n } = useTranslation();
  if (links.length === 0) return <p className="empty">{t('links.none')}</p>;
  const now = Date.now();
  const when = (ms: number) => formatDateTime(ms, state.timeZone, i18n.language);
  return (
    <ul className="links">
      {links.map((link) => {
        const name = [t(`role.${link.role}`), link.label].filter(Boolean).join(' – ');
        const active = link.revokedAt === null && link.expiresAt > now;
        return (
          <li key={link.id}>
            <p className="link-title">
              <strong>
                <bdi>{name}</bdi>
              </strong>{' '}
              <span className={active ? 'link-state' : 'link-state link-dead'}>
                {link.revokedAt !== null
                  ? t('links.revoked', { date: when(link.revokedAt) })
                  : active
                    ? t('links.validUntil', { date: when(link.expiresAt) })
                    : t('links.expired', { date: when(link.expiresAt) })}
              </span>
            </p>
            {active && (
              <>
                <CopyField label={t('links.linkFor', { name })} value={link.url} />
                {onRevoke && (
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('links.confirmRevoke', { name }))) void onRevoke(link.id);
                    }}
                  >
                    {t('links.revoke')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                )}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function IssueForm({ state, onIssue }: { state: MeetingState; onIssue: LinksPanelProps['onIssue'] }) {
  const { t } = useTranslation();
  const id = useId();
  const [role, setRole] = useState<IssuableRole>('chair');
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [captions, setCaptions] = useState<Language[]>([]);
  const [issued, setIssued] = useState<string | null>(null);
  // Screens show up to two caption languages, a viewer's page one; other roles none.
  const captionsMost = role === 'screen' ? 2 : role === 'viewer' ? 1 : 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const expiresAt = expires ? zonedToEpoch(expires, state.timeZone) : null;
    const url = await onIssue({
      role,
      label,
      ...(expiresAt === null ? {} : { expiresAt }),
      captions: captions.slice(0, captionsMost),
    });
    if (url === null) return;
    setIssued(url);
    setLabel('');
    setExpires('');
    setCaptions([]);
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
        />
      </div>
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
      <button type="submit">{t('links.issue')}</button>
      <p role="status">{issued && t('links.issuedNotice')}</p>
      {issued && <CopyField label={t('links.issued')} value={issued} />}
    </form>
  );
}
