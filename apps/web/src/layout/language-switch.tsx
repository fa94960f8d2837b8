import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, rememberLanguage, type Language } from '../i18n/i18n';

/** Switches the UI language; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('language.label')}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
      value={i18n.resolvedLanguage}
      onChange={(value) => {
        if (!value) return;
        rememberLanguage(value as Language);
        void i18n.changeLanguage(value);
      }}
      allowDeselect={false}
      w={130}
      size="xs"
    />
  );
}
