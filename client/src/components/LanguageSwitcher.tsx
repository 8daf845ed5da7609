import { useTranslation } from 'react-i18next';
import { chooseLanguage, uiLanguages, type UiLanguage } from '../i18n/index.js';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switcher" role="group" aria-label={t('layout.language')}>
      {(Object.entries(uiLanguages) as [UiLanguage, string][]).map(([code, name]) => (
        <button
          key={code}
          type="button"
          lang={code}
          dir={i18n.dir(code)}
          aria-pressed={i18n.resolvedLanguage === code}
          onClick={() => chooseLanguage(code)}
        >
          {name}
        </button>
      ))}
    </div>
  );
}
