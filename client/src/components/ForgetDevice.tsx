import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';

/** Set by the meeting gate: how the page lets go of the link this device remembers. */
export const RememberedLink = createContext<{ forget: () => void } | null>(null);

/** "Forget me on this device", for a shared or borrowed computer; nothing outside a meeting page. */
export function ForgetDeviceButton() {
  const { t } = useTranslation();
  const remembered = useContext(RememberedLink);
  if (!remembered) return null;
  return (
    <button
      type="button"
      className="forget-device"
      onClick={() => {
        if (window.confirm(t('device.confirmForget'))) remembered.forget();
      }}
    >
      {t('device.forget')}
    </button>
  );
}
