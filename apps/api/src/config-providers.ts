/**
 * Where each outside service is reached (INT-002, INT-003, INT-010). Production talks to the real
 * providers only. Elsewhere a provider without credentials is replaced by its simulator, which speaks
 * the same wire protocol on loopback, so the real client code runs in every demo and test.
 */

export const PROVIDER_DEFAULTS = {
  pesapal: { live: 'https://pay.pesapal.com/v3', sandbox: 'https://cybqa.pesapal.com/pesapalv3' },
  africastalking: 'https://api.africastalking.com',
  mailgun: 'https://api.mailgun.net',
  cloudflare: 'https://api.cloudflare.com/client/v4',
} as const;

/** The path under which the app serves the simulators outside production. */
export const SIMULATOR_MOUNT_PATH = '/__simulators';

export interface ProviderEndpoint {
  baseUrl: string;
  /** True when this is one of our simulators rather than the real provider. */
  simulated: boolean;
}

export interface Providers {
  pesapal: ProviderEndpoint;
  sms: ProviderEndpoint & { provider: 'vintex' | 'africastalking' | 'simulator' };
  mailgun: ProviderEndpoint;
  cloudflare: ProviderEndpoint;
}

export interface ProviderInputs {
  isProduction: boolean;
  simulatorUrl: string;
  PESAPAL_ENV: 'sandbox' | 'live';
  PESAPAL_BASE_URL?: string | undefined;
  PESAPAL_CONSUMER_KEY?: string | undefined;
  PESAPAL_CONSUMER_SECRET?: string | undefined;
  SMS_PROVIDER?: 'vintex' | 'africastalking' | 'simulator' | undefined;
  VINTEX_API_KEY?: string | undefined;
  VINTEX_BASE_URL?: string | undefined;
  AT_API_KEY?: string | undefined;
  AT_BASE_URL?: string | undefined;
  MAILGUN_API_KEY?: string | undefined;
  MAILGUN_BASE_URL?: string | undefined;
  CLOUDFLARE_API_TOKEN?: string | undefined;
  CLOUDFLARE_BASE_URL?: string | undefined;
}

export function resolveProviders(inputs: ProviderInputs): { providers: Providers; warnings: string[] } {
  const warnings: string[] = [];
  const simulator = (name: string) => `${inputs.simulatorUrl.replace(/\/+$/, '')}/${name}`;
  /** A provider is simulated outside production when its credential is missing (and no URL is forced). */
  const pick = (
    name: string,
    credential: string | undefined,
    explicitUrl: string | undefined,
    realUrl: string | undefined,
  ): ProviderEndpoint => {
    if (explicitUrl) return { baseUrl: explicitUrl, simulated: explicitUrl.startsWith(inputs.simulatorUrl) };
    if (inputs.isProduction || (credential && realUrl)) return { baseUrl: realUrl ?? '', simulated: false };
    warnings.push(`${name}: no credentials, using the simulator at ${simulator(name)}`);
    return { baseUrl: simulator(name), simulated: true };
  };

  const pesapalCredential = inputs.PESAPAL_CONSUMER_KEY && inputs.PESAPAL_CONSUMER_SECRET;
  const pesapal = pick(
    'pesapal',
    pesapalCredential || undefined,
    inputs.PESAPAL_BASE_URL,
    PROVIDER_DEFAULTS.pesapal[inputs.PESAPAL_ENV],
  );

  let smsProvider = inputs.SMS_PROVIDER ?? (inputs.isProduction ? 'vintex' : undefined);
  if (!smsProvider) {
    smsProvider = inputs.VINTEX_API_KEY ? 'vintex' : inputs.AT_API_KEY ? 'africastalking' : 'simulator';
  }
  const sms =
    smsProvider === 'simulator'
      ? { ...pick('sms', undefined, undefined, undefined), provider: smsProvider }
      : smsProvider === 'vintex'
        ? { ...pick('sms', inputs.VINTEX_API_KEY, inputs.VINTEX_BASE_URL, undefined), provider: smsProvider }
        : {
            ...pick('sms', inputs.AT_API_KEY, inputs.AT_BASE_URL, PROVIDER_DEFAULTS.africastalking),
            provider: smsProvider,
          };

  return {
    providers: {
      pesapal,
      sms,
      mailgun: pick('mailgun', inputs.MAILGUN_API_KEY, inputs.MAILGUN_BASE_URL, PROVIDER_DEFAULTS.mailgun),
      cloudflare: pick(
        'cloudflare',
        inputs.CLOUDFLARE_API_TOKEN,
        inputs.CLOUDFLARE_BASE_URL,
        PROVIDER_DEFAULTS.cloudflare,
      ),
    },
    warnings,
  };
}
