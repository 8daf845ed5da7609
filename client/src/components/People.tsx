import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceMode, Participant, SpeechKind } from '../../../shared/meeting/model.js';
import { dirOf, scriptLanguage } from '../../../shared/i18n/catalogue.js';
import { Foreign } from './Foreign.js';

export function AttendanceBadge({ attendance }: { attendance: AttendanceMode }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${attendance}`}>{t(`attendance.${attendance}`)}</span>;
}

export function KindBadge({ kind }: { kind: SpeechKind }) {
  const { t } = useTranslation();
  return <span className={`badge badge-kind badge-${kind}`}>{t(`speechKind.${kind}`)}</span>;
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
}

/** Name, affiliation and country, with where the person is and what they asked for. */
export function PersonSummary({ participant, attendance, kind, showGroup = false }: PersonSummaryProps) {
  const { t } = useTranslation();
  const where = attendance ?? participant?.attendance;
  const origin = [participant?.affiliation, participant?.country].filter(Boolean);
  // Its first words' direction (Latin letters run left to right on any page): `dir="auto"` would
  // look past the isolated parts and find none. Without it, a Latin affiliation cut short on an
  // Arabic page kept its end ("…logy") and lost its start, the side an ellipsis cuts being the page's end.
  const first = origin[0] ?? '';
  const originDirection = /\p{L}/u.test(first) ? dirOf(scriptLanguage(first) ?? 'en') : undefined;
  return (
    <span className="person">
      <PersonName participant={participant} />
      {origin.length > 0 && (
        <span className="person-origin" dir={originDirection}>
          {origin.map((part, index) => (
            <Fragment key={index}>
              {index > 0 && t('people.separator')}
              <Foreign text={part ?? ''} />
            </Fragment>
          ))}
        </span>
      )}
      {showGroup && participant && (
        <span className="person-group">{t(`stakeholderGroup.${participant.stakeholderGroup}`)}</span>
      )}
      <span className="badges">
        {where && <AttendanceBadge attendance={where} />}
        {kind && <KindBadge kind={kind} />}
      </span>
    </span>
  );
}
