import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  bindingOf,
  conflictOf,
  defaultBindings,
  formatBinding,
  MAX_ROTATION_MINUTES,
  rebind,
  shortcutActions,
  type CaptionerSettings,
  type ShortcutAction,
} from '../../captions/shortcuts.js';
import { NumberField } from '../../components/Field.js';
import { ShortcutTable } from '../../components/ShortcutTable.js';

interface ShortcutSettingsProps {
  settings: CaptionerSettings;
  onChange: (settings: CaptionerSettings) => void;
}

/**
 * Remapping and turning off the shortcuts (WCAG 2.1.4), and the hand-over reminder. To remap,
 * press "Change" and then the new keys; Escape cancels.
 */
export function ShortcutSettings({ settings, onChange }: ShortcutSettingsProps) {
  const { t } = useTranslation();
  const minutesId = useId();
  const [recording, setRecording] = useState<ShortcutAction | null>(null);
  const [message, setMessage] = useState('');
  const [minutes, setMinutes] = useState(String(settings.rotationMinutes));

  const record = (action: ShortcutAction, event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'Tab') return setRecording(null);
    event.preventDefault();
    if (event.key === 'Escape') {
      setRecording(null);
      setMessage(t('shortcuts.cancelled'));
      return;
    }
    const binding = bindingOf(event);
    if (!binding) {
      // A modifier on its own: wait for the key that goes with it.
      if (!/^(Alt|Control|Shift|Meta|OS|AltGraph)/.test(event.code)) setMessage(t('shortcuts.needModifier'));
      return;
    }
    const clash = conflictOf(settings.bindings, action, binding);
    onChange({ ...settings, bindings: rebind(settings.bindings, action, binding) });
    setRecording(null);
    setMessage(
      clash
        ? t('shortcuts.setReplacing', {
            keys: formatBinding(binding),
            action: t(`captioner.actions.${action}`),
            other: t(`captioner.actions.${clash}`),
          })
        : t('shortcuts.set', { keys: formatBinding(binding), action: t(`captioner.actions.${action}`) }),
    );
  };

  const saveMinutes = (value: string) => {
    setMinutes(value);
    const parsed = Number(value);
    if (value.trim() !== '' && Number.isInteger(parsed) && parsed >= 0 && parsed <= MAX_ROTATION_MINUTES) {
      onChange({ ...settings, rotationMinutes: parsed });
    }
  };

  return (
    <section className="panel" aria-labelledby="shortcut-settings-heading">
      <h2 id="shortcut-settings-heading">{t('shortcuts.heading')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.shortcutsEnabled}
          onChange={(event) => onChange({ ...settings, shortcutsEnabled: event.target.checked })}
        />
        {t('shortcuts.enabled')}
      </label>
      <p className="hint">{t('shortcuts.hint')}</p>
      <div className="table-scroll">
        <ShortcutTable
          caption={t('shortcuts.heading')}
          headings={{ action: t('shortcuts.action'), keys: t('shortcuts.keys'), change: t('shortcuts.change') }}
          labels={{ change: t('shortcuts.change'), recording: t('shortcuts.recording') }}
          recording={recording}
          onToggle={(id) => {
            setRecording(recording === id ? null : id);
            setMessage(recording === id ? '' : t('shortcuts.pressKeys'));
          }}
          onRecordKey={(id, event) => record(id, event)}
          onStop={() => setRecording(null)}
          rows={shortcutActions.map((action) => {
            const binding = settings.bindings[action];
            const name = t(`captioner.actions.${action}`);
            return {
              id: action,
              name,
              keys: binding ? (
                <kbd dir="ltr" className="keys">
                  {formatBinding(binding)}
                </kbd>
              ) : (
                t('shortcuts.off')
              ),
              extra: binding && (
                <button
                  type="button"
                  onClick={() => {
                    onChange({ ...settings, bindings: rebind(settings.bindings, action, null) });
                    setMessage(t('shortcuts.turnedOff', { action: name }));
                  }}
                >
                  {t('shortcuts.turnOff')}
                  <span className="visually-hidden"> {name}</span>
                </button>
              ),
            };
          })}
        />
      </div>
      <p role="status" className="form-status">
        {message}
      </p>
      <button
        type="button"
        onClick={() => {
          onChange({ ...settings, bindings: defaultBindings, shortcutsEnabled: true });
          setMessage(t('shortcuts.restored'));
        }}
      >
        {t('shortcuts.restore')}
      </button>
      <NumberField
        id={minutesId}
        label={t('shortcuts.rotation')}
        fieldClassName="rotation-field"
        inputMode="numeric"
        min={0}
        max={MAX_ROTATION_MINUTES}
        value={minutes}
        onChange={(event) => saveMinutes(event.target.value)}
      />
    </section>
  );
}
