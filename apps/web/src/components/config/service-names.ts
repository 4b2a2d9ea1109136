import { SERVICE_TYPES, type ServiceTypeName } from '@tafuta/contracts/constants';
import type { TFunction } from 'i18next';

const isServiceType = (value: string): value is ServiceTypeName =>
  (SERVICE_TYPES as readonly string[]).includes(value);

/**
 * A service's everyday name: `short` for chips ("Website · 45 days left"), `long` inside sentences
 * ("Your website hosting ends on …"). A type newer than this build is shown as the API names it.
 */
export function serviceName(t: TFunction<'config'>, type: string, form: 'short' | 'long'): string {
  if (!isServiceType(type)) return type.replace(/_/g, ' ');
  return form === 'short' ? t(`shell.services.short.${type}`) : t(`shell.services.long.${type}`);
}
