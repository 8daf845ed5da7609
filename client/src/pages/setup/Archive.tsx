import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import { formatDateTime } from '../../format.js';

export const archiveIndexHref = '/archive';
export const archiveRecordHref = (meetingId: string) => `/archive/${encodeURIComponent(meetingId)}`;
export const archiveBundleHref = (meetingId: string) => `/archive/${encodeURIComponent(meetingId)}/bundle.zip`;

interface ArchiveActionProps {
  title: string;
  onArchive: () => Promise<boolean>;
}

/**
 * Archiving cannot be undone, so the button only opens a dialog that says so; the meeting is
 * archived from there, and Cancel (or Escape) is where the focus starts.
 */
export function ArchiveAction({ title, onArchive }: ArchiveActionProps) {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);

  const open = () => {
    dialog.current?.showModal();
    cancel.current?.focus();
  };
  const archive = async () => {
    setBusy(true);
    try {
      await onArchive();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  };

  return (
    <div className="archive-action">
      <p className="hint" id={`${id}-hint`}>
        {t('archive.offer')}
      </p>
      <button ref={opener} type="button" className="danger" aria-describedby={`${id}-hint`} aria-haspopup="dialog" onClick={open}>
        {t('transition.adjourned_archived')}
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={`${id}-heading`}
        aria-describedby={`${id}-body`}
        onClose={() => opener.current?.focus()}
      >
        <h2 id={`${id}-heading`}>{t('archive.confirmHeading')}</h2>
        <p className="confirm-subject" dir="auto">
          {title}
        </p>
        <div id={`${id}-body`}>
          <p>{t('archive.confirmFinal')}</p>
          <p>{t('archive.confirmPublished')}</p>
        </div>
        <div className="button-row">
          <button ref={cancel} type="button" onClick={() => dialog.current?.close()}>
            {t('archive.cancel')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void archive()}>
            {t('archive.confirm')}
          </button>
        </div>
      </dialog>
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
