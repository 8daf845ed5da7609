import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, MeetingStatus } from '../../../../shared/meeting/model.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { OvertakenDialog } from '../../components/OvertakenDialog.js';
import { formatDateTime } from '../../format.js';

export const archiveIndexHref = '/archive';
export const archiveRecordHref = (meetingId: string) => `/archive/${encodeURIComponent(meetingId)}`;
export const archiveBundleHref = (meetingId: string) => `/archive/${encodeURIComponent(meetingId)}/bundle.zip`;

interface ArchiveActionProps {
  title: string;
  /** The meeting's status as this page last read it: the button is offered while adjourned. */
  status: MeetingStatus;
  onArchive: () => Promise<boolean>;
}

/**
 * Archiving cannot be undone, so the button only opens a dialog that says so; the meeting is
 * archived from there, and Cancel (or Escape) is where the focus starts. If the chair resumes
 * the meeting (or another secretary archives it) while the dialog is open, the dialog says so
 * rather than vanishing under the secretary's hand.
 */
export function ArchiveAction({ title, status, onArchive }: ArchiveActionProps) {
  const { t } = useTranslation();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const archive = async () => {
    setBusy(true);
    try {
      await onArchive();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };

  if (asking && status !== 'adjourned' && !busy) {
    return (
      <OvertakenDialog heading={t('archive.confirmHeading')} onClose={() => setAsking(false)}>
        {t(`floorConsole.overtaken.status.${status}`)}
      </OvertakenDialog>
    );
  }
  if (status !== 'adjourned') return null;
  return (
    <div className="archive-action">
      <p className="hint" id={`${id}-hint`}>
        {t('archive.offer')}
      </p>
      <button type="button" className="danger" aria-describedby={`${id}-hint`} aria-haspopup="dialog" onClick={() => setAsking(true)}>
        {t('transition.adjourned_archived')}
      </button>
      {asking && (
        <ConfirmDialog
          heading={t('archive.confirmHeading')}
          onCancel={() => setAsking(false)}
          cancelLabel={t('archive.cancel')}
          actions={[{ label: t('archive.confirm'), danger: true, disabled: busy, onChoose: () => void archive() }]}
        >
          <p className="confirm-subject" dir="auto">
            {title}
          </p>
          <p>{t('archive.confirmFinal')}</p>
          <p>{t('archive.confirmPublished')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** An archived meeting: why nothing here can change, and where its record is now. */
export function ArchivedNotice({ state }: { state: MeetingState }) {
  const { t, i18n } = useTranslation();
  const archivedAt = state.statusHistory.findLast((change) => change.status === 'archived')?.at;
  return (
    <div className="notice archived-notice">
      <p>
        <strong>{t('archive.archivedHeading')}</strong>{' '}
        {archivedAt !== undefined &&
          t('archive.archivedOn', { date: formatDateTime(archivedAt, state.timeZone, i18n.language) })}
      </p>
      <p>{t('archive.readOnly')}</p>
      <ul className="archive-links">
        <li>
          <a href={archiveRecordHref(state.id)}>{t('archive.record')}</a>
        </li>
        <li>
          <a href={archiveBundleHref(state.id)} download>
            {t('archive.bundle')}
          </a>
        </li>
      </ul>
    </div>
  );
}
