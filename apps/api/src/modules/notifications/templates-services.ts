/**
 * Service lifecycle and refund notifications (payments.md PAY-302/304, admin.md ADM-512/515): expiry
 * reminders, staff adjustments, complimentary months and cash refunds. English SMS wording is the spec's;
 * `{expiration_date}` is what the sentence needs per ERRATA 22 ("expires on" = the expiry date; "until"
 * = the last day with service), filled in by the sender. Appended to PAYMENT_TEMPLATES.
 */
import { everyChannelTemplate, type InAppNotice } from './template-notice.js';
import type { TemplateDefinition, TemplateLanguage } from './templates.js';

const OWNER = ['nickname', 'full_name', 'business_name', 'service_type'];

const serviceTemplate = (key: string, extra: string[], text: Record<TemplateLanguage, InAppNotice>) =>
  everyChannelTemplate(key, 'transactional', [...OWNER, ...extra], text);

export const SERVICE_TEMPLATES: TemplateDefinition[] = [
  serviceTemplate('service_expiring', ['expiration_date', 'days', 'renewal_url'], {
    en: {
      sms: 'Tafuta: {service_type} for {business_name} expires on {expiration_date} ({days} days). Renew: {renewal_url}',
      subject: '{service_type} for {business_name} expires on {expiration_date}',
      title: 'Service expiring soon',
      body: '{service_type} for {business_name} expires on {expiration_date}, in {days} days. Renew it in time to keep it running: {renewal_url}',
    },
    sw: {
      sms: 'Tafuta: {service_type} ya {business_name} inaisha tarehe {expiration_date} (siku {days}). Lipia tena: {renewal_url}',
      subject: '{service_type} ya {business_name} inaisha tarehe {expiration_date}',
      title: 'Huduma inakaribia kuisha',
      body: '{service_type} ya {business_name} inaisha tarehe {expiration_date}, baada ya siku {days}. Lipia tena mapema ili iendelee: {renewal_url}',
    },
  }),
  serviceTemplate('service_expired', ['renewal_url'], {
    en: {
      sms: 'Tafuta: {service_type} for {business_name} has ended. Your free listing is still visible. Renew: {renewal_url}',
      subject: '{service_type} for {business_name} has ended',
      title: 'Service ended',
      body: '{service_type} for {business_name} has ended. Your free listing is still visible on Tafuta. Renew any time: {renewal_url}',
    },
    sw: {
      sms: 'Tafuta: {service_type} ya {business_name} imeisha. Biashara yako bado inaonekana bure. Lipia tena: {renewal_url}',
      subject: '{service_type} ya {business_name} imeisha',
      title: 'Huduma imeisha',
      body: '{service_type} ya {business_name} imeisha. Biashara yako bado inaonekana bure kwenye Tafuta. Lipia tena wakati wowote: {renewal_url}',
    },
  }),
  serviceTemplate('subscription_adjusted', ['expiration_date', 'reason'], {
    en: {
      sms: 'Tafuta: {service_type} for {business_name} now runs until {expiration_date}. Reason: {reason}.',
      subject: '{service_type} for {business_name} was changed',
      title: 'Service changed',
      body: 'Our team changed {service_type} for {business_name}: it now runs until {expiration_date}. Reason: {reason}.',
    },
    sw: {
      sms: 'Tafuta: {service_type} ya {business_name} sasa inaendelea hadi {expiration_date}. Sababu: {reason}.',
      subject: '{service_type} ya {business_name} imebadilishwa',
      title: 'Huduma imebadilishwa',
      body: 'Timu yetu imebadilisha {service_type} ya {business_name}: sasa inaendelea hadi {expiration_date}. Sababu: {reason}.',
    },
  }),
  serviceTemplate('promo_granted', ['months', 'expiration_date'], {
    en: {
      sms: 'Tafuta: Gift! {business_name} gets {months} free month(s) of {service_type}, valid until {expiration_date}.',
      subject: 'A gift for {business_name}: {months} free month(s) of {service_type}',
      title: 'Free months added',
      body: '{business_name} gets {months} free month(s) of {service_type} from Tafuta, valid until {expiration_date}.',
    },
    sw: {
      sms: 'Tafuta: Zawadi! {business_name} imepata mwezi {months} bure wa {service_type}, hadi {expiration_date}.',
      subject: 'Zawadi kwa {business_name}: mwezi {months} bure wa {service_type}',
      title: 'Miezi ya bure imeongezwa',
      body: '{business_name} imepata mwezi {months} bure wa {service_type} kutoka Tafuta, hadi {expiration_date}.',
    },
  }),
  serviceTemplate('promo_voided', ['reason'], {
    en: {
      sms: 'Tafuta: The free {service_type} for {business_name} has been withdrawn. Reason: {reason}.',
      subject: 'The free {service_type} for {business_name} was withdrawn',
      title: 'Free months withdrawn',
      body: 'The free months of {service_type} for {business_name} have been withdrawn. Reason: {reason}.',
    },
    sw: {
      sms: 'Tafuta: {service_type} ya bure kwa {business_name} imeondolewa. Sababu: {reason}.',
      subject: '{service_type} ya bure kwa {business_name} imeondolewa',
      title: 'Miezi ya bure imeondolewa',
      body: 'Miezi ya bure ya {service_type} kwa {business_name} imeondolewa. Sababu: {reason}.',
    },
  }),
  // ADM-515: the refund message confirms cash already paid at the office.
  everyChannelTemplate(
    'refund_processed',
    'transactional',
    ['nickname', 'full_name', 'business_name', 'net_refund', 'receipt_url'],
    {
      en: {
        sms: 'Tafuta: Refund of KES {net_refund} for {business_name} paid in cash. Receipt: {receipt_url}',
        subject: 'Refund of KES {net_refund} for {business_name} paid',
        title: 'Refund paid',
        body: 'A refund of KES {net_refund} for {business_name} was paid to you in cash at our office. Your refund receipt: {receipt_url}',
      },
      sw: {
        sms: 'Tafuta: Marejesho ya KES {net_refund} kwa {business_name} yamelipwa kwa pesa taslimu. Risiti: {receipt_url}',
        subject: 'Marejesho ya KES {net_refund} kwa {business_name} yamelipwa',
        title: 'Marejesho yamelipwa',
        body: 'Marejesho ya KES {net_refund} kwa {business_name} yamelipwa kwako kwa pesa taslimu kwenye ofisi yetu. Risiti yako: {receipt_url}',
      },
    },
  ),
];
