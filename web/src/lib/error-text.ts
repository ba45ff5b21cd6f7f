import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** Turns any error into a sentence in the user's language, by its API code (`common:errors.<code>`). */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation('common');
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) return t(`errors.${err.code}`, { defaultValue: t('errors.unexpected') });
      return t('errors.unexpected');
    },
    [t],
  );
}
