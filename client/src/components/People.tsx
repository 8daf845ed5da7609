import { useTranslation } from 'react-i18next';
import type { AttendanceMode, Participant, SpeechKind } from '../../../shared/meeting/model.js';
import { dirOf, scriptLanguage } from '../../../shared/i18n/catalogue.js';
import { Foreign } from './Foreign.js';
import { StatementBadge } from './WrittenStatement.js';

export function AttendanceBadge({ attendance }: { attendance: AttendanceMode }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${attendance}`}>{t(`attendance.${attendance}`)}</span>;
}

export function KindBadge({ kind }: { kind: SpeechKind }) {
  const { t } = useTranslation();
  return <span className={`badge badge-kind badge-${kind}`}>{t(`speechKind.${kind}`)}</span>;
}

/**
 * The kind a list of requests marks: only one that sets a request apart. Nearly every request is
 * an intervention, and its badge on every line said nothing while it took the room of a long
 * name. The speaker on the floor and the chair's own list still show every kind.
 */
export function listedKind(kind: SpeechKind): SpeechKind | undefined {
  return kind === 'intervention' ? undefined : kind;
}

export function PersonName({ participant }: { participant: Participant | undefined }) {
  const { t } = useTranslation();
  return participant ? (
    <Foreign className="person-name" text={participant.displayName} />
  ) : (
    <bdi className="person-name">{t('people.unknown')}</bdi>
  );
}

interface PersonSummaryProps {
  participant: Participant | undefined;
  /** Where the person is (or was when given the floor); defaults to their current mode. */
  attendance?: AttendanceMode;
  kind?: SpeechKind;
  showGroup?: boolean;
  /** The speech is read from a statement the speaker sent in writing. */
  inWriting?: boolean;
}

/**
 * Affiliation and country, each in a box of its own: where a one-line row is short of room, the
 * affiliation gives way and the country, by which a chair calls on a delegation, stays whole.
 */
export function PersonOrigin({ participant }: { participant: Participant | undefined }) {
  const { t } = useTranslation();
  const affiliation = participant?.affiliation ?? '';
  const country = participant?.country ?? '';
  if (!affiliation && !country) return null;
  // Its first words' direction (Latin letters run left to right on any page): `dir="auto"` would
  // look past the isolated parts and find none. Without it, a Latin affiliation cut short on an
  // Arabic page kept its end ("…logy") and lost its start, the side an ellipsis cuts being the page's end.
  const first = affiliation || country;
  const direction = /\p{L}/u.test(first) ? dirOf(scriptLanguage(first) ?? 'en') : undefined;
  return (
    <span className="person-origin" dir={direction}>
      {affiliation && (
        <span className="origin-affiliation">
          <span className="origin-affiliation-text">
            <Foreign text={affiliation} />
            {country && t('people.separator')}
          </span>
        </span>
      )}
      {country && <Foreign className="origin-country" text={country} />}
    </span>
  );
}

/** Name, affiliation and country, with where the person is and what they asked for. */
export function PersonSummary({ participant, attendance, kind, showGroup = false, inWriting = false }: PersonSummaryProps) {
  const { t } = useTranslation();
  const where = attendance ?? participant?.attendance;
  return (
    <span className="person">
      <PersonName participant={participant} />
      <PersonOrigin participant={participant} />
      {showGroup && participant && (
        <span className="person-group">{t(`stakeholderGroup.${participant.stakeholderGroup}`)}</span>
      )}
      <span className="badges">
        {where && <AttendanceBadge attendance={where} />}
        {kind && <KindBadge kind={kind} />}
        {inWriting && <StatementBadge />}
      </span>
    </span>
  );
}
