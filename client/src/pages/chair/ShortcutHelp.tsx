import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ShortcutTable } from '../../components/ShortcutTable.js';
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
      <ShortcutTable
        caption={t('floorConsole.shortcuts.heading')}
        headings={{
          action: t('floorConsole.shortcuts.action'),
          keys: t('floorConsole.shortcuts.key'),
          change: t('floorConsole.shortcuts.change'),
        }}
        labels={{ change: t('floorConsole.shortcuts.change'), recording: t('floorConsole.shortcuts.recording') }}
        recording={recording}
        onToggle={(id) => {
          setRecording(recording === id ? null : id);
          setMessage(recording === id ? '' : t('floorConsole.shortcuts.pressKey'));
        }}
        onRecordKey={(id, event) => record(id, event)}
        onStop={() => setRecording(null)}
        rows={chairActions.map((action) => ({
          id: action,
          name: t(`floorConsole.shortcuts.actions.${action}`),
          keys: (
            <kbd dir="ltr" className="keys">
              {bindings[action].label}
            </kbd>
          ),
        }))}
      />
      <p role="status" className="form-status">
        {message}
      </p>
    </ConfirmDialog>
  );
}
