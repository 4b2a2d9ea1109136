import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddressRow } from '../../../components/config/website/AddressRow';
import { ChangeAddressDialog } from '../../../components/config/website/ChangeAddressDialog';
import { LockedWebsite } from '../../../components/config/website/LockedWebsite';
import { WebsiteEditor } from '../../../components/config/website/WebsiteEditor';
import { useWebAddress, webAddressKey } from '../../../components/config/website/web-address-api';
import { websiteAddress } from '../../../components/config/web-address';
import type { AppLanguage } from '../../../i18n/language';
import { myBusinessesKey, useCurrentBusiness } from '../business-context';

/**
 * Website editor (UI-WED-01..06). Without active website hosting it is locked with the price and a
 * preview; with hosting it shows the web address row and the editor.
 */
export default function ConfigWebsitePage() {
  const { t, i18n } = useTranslation('config');
  const current = useCurrentBusiness();
  const { business } = current;
  const queryClient = useQueryClient();
  const [changing, setChanging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const hosted = business.subscriptions.some(
    (row) => row.service_type === 'website_hosting' && row.status === 'active',
  );
  const address = useWebAddress(business.business_id, hosted);
  const preview = (language: string) =>
    `/config/business/${business.business_id}/website/preview?lang=${encodeURIComponent(language)}`;
  const apex = websiteAddress('x', window.location).host.slice(2);

  return (
    <div className="space-y-4 py-4">
      <title>{t('website.pageTitle', { business: business.business_name })}</title>
      <h1 className="text-h1 font-bold">{t('website.title')}</h1>
      {!hosted ? (
        <LockedWebsite
          business={business}
          previewUrl={preview(i18n.language)}
          canBuy={current.can('services.buy')}
        />
      ) : (
        <>
          {notice && (
            <p role="status" className="rounded-xl bg-success-50 p-3 text-success-700">
              {notice}
            </p>
          )}
          <AddressRow
            address={address.data}
            loading={address.isPending}
            previewUrl={preview(i18n.language)}
            canChange={current.can('website.changeAddress') && !current.readOnly}
            onChange={() => setChanging(true)}
          />
          <WebsiteEditor
            business={business}
            readOnly={current.readOnly || !current.can('website.edit')}
            canBuy={current.can('services.buy')}
            previewUrl={(language: AppLanguage) => preview(language)}
          />
        </>
      )}
      {changing && (
        <ChangeAddressDialog
          businessId={business.business_id}
          current={address.data?.current?.subdomain ?? null}
          apex={apex}
          onClose={() => setChanging(false)}
          onChanged={(name) => {
            setChanging(false);
            setNotice(t('website.address.changed', { address: `${name}.${apex}` }));
            void queryClient.invalidateQueries({ queryKey: webAddressKey(business.business_id) });
            void queryClient.invalidateQueries({ queryKey: myBusinessesKey });
            void current.refresh();
          }}
        />
      )}
    </div>
  );
}
