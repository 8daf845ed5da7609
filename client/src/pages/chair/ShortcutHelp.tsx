import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import {
  chairActions,
  chairKeyOf,
  defaultChairBindings,
  rebindChair,
  type ChairAction,
  type ChairBindings,
} from './shortcuts.js';

interface ShortcutHelpProps {
  bindings: ChairBindings;
  onChange: (bindings: ChairBindings) => void;
  onClose: () => void;
}

/** The console's keys, and how to change them: press "Change", then the new key; Escape cancels. */
export function ShortcutHelp({ bindings, onChange, onClose }: ShortcutHelpProps) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState<ChairAction | null>(null);
  const [message, setMessage] = useState('');

  const record = (action: ChairAction, event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'Tab') return setRecording(null);
    event.preventDefault();
    // Escape ends the recording, not the dialog.
    event.stopPropagation();
    if (event.key === 'Escape') {
      setRecording(null);
      return setMessage(t('floorConsole.shortcuts.cancelled'));
    }
    const key = chairKeyOf(event);
    if (!key) return setMessage(t('floorConsole.shortcuts.notAllowed'));
    onChange(rebindChair(bindings, action, key));
    setRecording(null);
    setMessage(t('floorConsole.shortcuts.set', { key: key.label, action: t(`floorConsole.shortcuts.actions.${action}`) }));
  };

  return (
    <ConfirmDialog
      heading={t('floorConsole.shortcuts.heading')}
      actions={[
        {
          label: t('floorConsole.shortcuts.restore'),
          onChoose: () => {
            onChange(defaultChairBindings);
            setMessage(t('floorConsole.shortcuts.restored'));
          },
        },
      ]}
      onCancel={() => (recording ? setRecording(null) : onClose())}
      cancelLabel={t('floorConsole.shortcuts.close')}
    >
      <p className="hint">{t('floorConsole.shortcuts.hint')}</p>
      <table className="shortcut-table">
        <caption className="visually-hidden">{t('floorConsole.shortcuts.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('floorConsole.shortcuts.action')}</th>
            <th scope="col">{t('floorConsole.shortcuts.key')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('floorConsole.shortcuts.change')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {chairActions.map((action) => {
            const name = t(`floorConsole.shortcuts.actions.${action}`);
            return (
              <tr key={action}>
                <th scope="row">{name}</th>
                <td>
                  <kbd dir="ltr" className="keys">
                    {bindings[action].label}
                  </kbd>
                </td>
                <td>
                  <button
                    type="button"
                    aria-pressed={recording === action}
                    onClick={() => {
                      setRecording(recording === action ? null : action);
                      setMessage(recording === action ? '' : t('floorConsole.shortcuts.pressKey'));
                    }}
                    onKeyDown={(event) => recording === action && record(action, event)}
                    onBlur={() => recording === action && setRecording(null)}
                  >
                    {recording === action ? t('floorConsole.shortcuts.recording') : t('floorConsole.shortcuts.change')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p role="status" className="form-status">
        {message}
      </p>
    </ConfirmDialog>
  );
}
