/**
 * A business website's address (UI-SUB-01, ERRATA 1: `{subdomain}.{apex}`). The dashboard is served
 * from the apex itself, so the apex is this page's host without `www.`; on a development machine
 * (localhost or a loopback address) websites answer on `{subdomain}.localhost` with the same port.
 */
export function websiteAddress(
  subdomain: string,
  location: Pick<Location, 'protocol' | 'hostname' | 'port'>,
) {
  const loopback = location.hostname === 'localhost' || /^127\.|^\[?::1\]?$/.test(location.hostname);
  const apex = loopback ? 'localhost' : location.hostname.replace(/^www\./, '');
  const host = `${subdomain}.${apex}`;
  const port = location.port ? `:${location.port}` : '';
  return { host, url: `${loopback ? location.protocol : 'https:'}//${host}${port}/` };
}
