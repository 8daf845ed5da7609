import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface DialogAction {
  label: string;
  onChoose: () => void;
  /** The action the dialog is about; drawn as the main button. */
  primary?: boolean;
  /** It ends or removes something: drawn in the danger colour. */
  danger?: boolean;
  /** Not available yet: a field in the dialog is incomplete, or the action is on its way. */
  disabled?: boolean;
}

interface ConfirmDialogProps {
  heading: string;
  /** What the action will do, said plainly ("Jean Dupont is speaking: …"). */
  children: ReactNode;
  actions: readonly DialogAction[];
  onCancel: () => void;
  cancelLabel?: string;
}

/**
 * A modal question before a destructive or meeting-wide action. The native modal dialog keeps
 * focus inside it and makes the page behind inert; Escape cancels; the dialog is named by its
 * heading. Focus starts on Cancel, so a stray Enter changes nothing.
 */
export function ConfirmDialog({ heading, children, actions, onCancel, cancelLabel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const opener = document.activeElement;
    if (!element.open) element.showModal();
    cancel.current?.focus();
    return () => {
      element.close();
      // Back to the control that opened the question, if it is still there.
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  // An action can vanish under the keyboard (the question was overtaken): the keyboard stays in the dialog.
  useEffect(() => {
    if (dialog.current && !dialog.current.contains(document.activeElement)) cancel.current?.focus();
  });

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={headingId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={headingId}>{heading}</h2>
      <div id={bodyId}>{children}</div>
      <div className="button-row dialog-actions">
        {actions.map((action) => (
          <button
            key={action.label}
            type="button"
            className={action.danger ? 'danger' : action.primary ? 'primary' : undefined}
            disabled={action.disabled}
            onClick={action.onChoose}
          >
            {action.label}
          </button>
        ))}
        <button ref={cancel} type="button" onClick={onCancel}>
          {cancelLabel ?? t('confirm.cancel')}
        </button>
      </div>
    </dialog>
  );
}
