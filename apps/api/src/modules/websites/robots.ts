/**
 * robots.txt for the main site and for every website (UI-SEO-03/04). The app is the one source of both:
 * the web build ships none, and Caddy sends /robots.txt to the app.
 */

/** UI-SEO-03: the dashboard, back office, auth pages and the API are never crawled. */
const PRIVATE_PREFIXES = [
  '/api/',
  '/config',
  '/admin',
  '/account',
  '/renew',
  '/login',
  '/register',
  '/forgot-password',
  '/consent',
  '/unsubscribe',
  '/r/',
  '/dev/',
];

export function mainRobots(appUrl: string): string {
  return [
    'User-agent: *',
    ...PRIVATE_PREFIXES.map((prefix) => `Disallow: ${prefix}`),
    'Allow: /',
    '',
    `Sitemap: ${appUrl}/sitemap.xml`,
    '',
  ].join('\n');
}

/** A website is one public page: everything may be crawled; its URL is listed in the apex sitemap. */
export function siteRobots(appUrl: string): string {
  return ['User-agent: *', 'Allow: /', '', `Sitemap: ${appUrl}/sitemap.xml`, ''].join('\n');
}
