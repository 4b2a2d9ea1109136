/**
 * Payment notifications (payments.md §10, admin.md ADM-512): English SMS wording from PAY-300..304,
 * Kiswahili written here. Kept apart from templates.ts only for size; templates.ts appends these to the
 * one catalogue. Each payments helper appends its own keys to PAYMENT_TEMPLATES.
 */
import { noticeTexts, type InAppNotice } from './template-notice.js';
import type { TemplateChannel, TemplateDefinition, TemplateLanguage } from './templates.js';
import { SERVICE_TEMPLATES } from './templates-services.js';

const USER = ['nickname', 'full_name'];

function paymentTemplate(
  key: string,
  channels: TemplateChannel[],
  variables: string[],
  text: Record<TemplateLanguage, InAppNotice>,
): TemplateDefinition {
  const texts = noticeTexts(text);
  if (!channels.includes('email')) {
    for (const entry of Object.values(texts)) {
      delete entry.emailSubject;
      delete entry.emailText;
    }
  }
  return { key, category: 'transactional', variables: [...USER, ...variables], channels, text: texts };
}

export const PAYMENT_TEMPLATES: TemplateDefinition[] = [
  // PAY-300: one message per payment; the email carries the PDF receipt(s) (notification_log.attachments).
  paymentTemplate(
    'payment_confirmed',
    ['sms', 'email', 'in_app'],
    ['business_name', 'amount', 'service_list', 'receipt_url', 'support_phone'],
    {
      en: {
        sms: 'Tafuta: Payment of KES {amount} received for {business_name}. {service_list}. Receipt: {receipt_url}',
        subject: 'Payment received: KES {amount} for {business_name}',
        title: 'Payment received',
        body: 'We received your payment of KES {amount} for {business_name}. {service_list}. Your receipt is attached and always available at {receipt_url}.',
      },
      sw: {
        sms: 'Tafuta: Malipo ya KES {amount} yamepokelewa kwa {business_name}. {service_list}. Risiti: {receipt_url}',
        subject: 'Malipo yamepokelewa: KES {amount} kwa {business_name}',
        title: 'Malipo yamepokelewa',
        body: 'Tumepokea malipo yako ya KES {amount} kwa {business_name}. {service_list}. Risiti yako imeambatishwa na inapatikana wakati wowote kwenye {receipt_url}.',
      },
    },
  ),
  // PAY-301: in-app + SMS only (admin.md ADM-512).
  paymentTemplate('payment_failed', ['sms', 'in_app'], ['amount', 'renewal_url', 'support_phone'], {
    en: {
      sms: 'Tafuta: Your payment of KES {amount} was not completed. Try again: {renewal_url}. Money taken anyway? Call {support_phone}',
      subject: 'Payment not completed',
      title: 'Payment not completed',
      body: 'Your payment of KES {amount} was not completed. Try again: {renewal_url}. Money taken anyway? Call {support_phone}.',
    },
    sw: {
      sms: 'Tafuta: Malipo yako ya KES {amount} hayakukamilika. Jaribu tena: {renewal_url}. Pesa imekatwa? Piga simu {support_phone}',
      subject: 'Malipo hayakukamilika',
      title: 'Malipo hayakukamilika',
      body: 'Malipo yako ya KES {amount} hayakukamilika. Jaribu tena: {renewal_url}. Pesa imekatwa? Piga simu {support_phone}.',
    },
  }),
  // PAY-303 / ADM-512: to all Owners 7 days before the discount's expires_at (once per expiry date).
  paymentTemplate(
    'discount_expiring',
    ['sms', 'email', 'in_app'],
    ['business_name', 'expiration_date', 'discount_percentage', 'support_phone'],
    {
      en: {
        sms: 'Tafuta: The discount for {business_name} ends on {expiration_date}. To renew it, call {support_phone}',
        subject: 'The discount for {business_name} ends on {expiration_date}',
        title: 'Discount ending soon',
        body: 'The {discount_percentage}% discount for {business_name} ends on {expiration_date}. To renew it, call {support_phone}.',
      },
      sw: {
        sms: 'Tafuta: Punguzo la bei la {business_name} litaisha tarehe {expiration_date}. Ili kulifanya upya, piga simu {support_phone}',
        subject: 'Punguzo la bei la {business_name} litaisha tarehe {expiration_date}',
        title: 'Punguzo linaisha karibuni',
        body: 'Punguzo la {discount_percentage}% la {business_name} litaisha tarehe {expiration_date}. Ili kulifanya upya, piga simu {support_phone}.',
      },
    },
  ),
  // Expiry reminders, staff adjustments, complimentary months, refunds (templates-services.ts).
  ...SERVICE_TEMPLATES,
];
