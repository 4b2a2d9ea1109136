import type { BusinessContent } from '@tafuta/contracts';
import type { TFunction } from 'i18next';
import { apiGet, apiGetPage, type Page } from '../../../lib/api';

/** EP-BIZ-21/22 shapes (apps/api/src/modules/businesses/history.ts). */
export type ChangeType = 'owner_edit' | 'admin_edit' | 'ai_edit' | 'approval' | 'system' | 'rollback';

export interface VersionEditor {
  /** null for staff ("Tafuta team", never named to owners: UI-HIST-02) and for the system. */
  user_id: string | null;
  name: string;
}

export interface HistoryItem {
  content_version: number;
  change_type: ChangeType;
  change_summary: string | null;
  changed_by: VersionEditor;
  restored_from_version: number | null;
  is_current: boolean;
  created_at: string;
}

export interface HistoryVersion extends Omit<HistoryItem, 'is_current'> {
  content_json: BusinessContent;
}

export const HISTORY_PAGE_SIZE = 20;

export const historyKey = (businessId: string) => ['config', 'history', businessId] as const;
export const versionKey = (businessId: string, version: number) =>
  ['config', 'history', businessId, version] as const;

export function fetchHistoryPage(
  businessId: string,
  page: number,
  signal: AbortSignal,
): Promise<Page<HistoryItem>> {
  return apiGetPage<HistoryItem>(`/businesses/${businessId}/content/history`, {
    signal,
    query: { page, limit: HISTORY_PAGE_SIZE },
  });
}

export function fetchVersion(
  businessId: string,
  version: number,
  signal: AbortSignal,
): Promise<HistoryVersion> {
  return apiGet<HistoryVersion>(`/businesses/${businessId}/content/history/${version}`, { signal });
}

/**
 * UI-HIST-02: "You", the member's name, "Tafuta team" or "System". The server names staff and the
 * system in English with no user id; those two are translated here.
 */
export function editorLabel(
  t: TFunction<'config'>,
  editor: VersionEditor,
  myUserId: string | undefined,
): string {
  if (editor.user_id !== null) return editor.user_id === myUserId ? t('history.by.you') : editor.name;
  return editor.name === 'System' ? t('history.by.system') : t('history.by.team');
}

export function changeTypeLabel(
  t: TFunction<'config'>,
  item: Pick<HistoryItem, 'change_type' | 'restored_from_version'>,
) {
  if (item.change_type === 'rollback' && item.restored_from_version !== null) {
    return t('history.type.rollbackFrom', { version: item.restored_from_version });
  }
  return t(`history.type.${item.change_type}`);
}

/** UI-DS-19/22: date and time in EAT; numeric dates for the languages browsers have no data for. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const named = language === 'en' || language === 'sw';
  return new Intl.DateTimeFormat(language === 'sw' ? 'sw-KE' : 'en-GB', {
    timeZone: 'Africa/Nairobi',
    day: named ? 'numeric' : '2-digit',
    month: named ? 'short' : '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}
