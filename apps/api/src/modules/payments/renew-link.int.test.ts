import { describe, expect, it } from 'vitest';
import { addDays, nairobiDate } from '../../lib/nairobi-date.js';
import { signedInPerson } from '../../test/business-kit.js';
import { createBusiness } from '../../test/factories.js';
import { browser, OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/**
 * `/renew/{business_tag}` (ui.md §2.1, PAY-304): the SMS renewal link lands on the business's Services
 * screen with the services that are ending (or lately ended) preselected, after sign-in if needed.
 */

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '10000' },
});
const db = () => database.current.db;

async function subscription(
  businessId: string,
  serviceType: 'website_hosting' | 'ads' | 'image_gallery' | 'search_promotion',
  expiresInDays: number,
) {
  const today = nairobiDate(new Date());
  await db()
    .insertInto('service_subscriptions')
    .values({
      business_id: businessId,
      service_type: serviceType,
      status: expiresInDays > 0 ? 'active' : 'expired',
      start_date: addDays(today, expiresInDays - 400),
      anchor_day: 1,
      expiration_date: addDays(today, expiresInDays),
      months_paid: 1,
    })
    .execute();
}

describe('the renewal short link', () => {
  it('sends someone signed out to log in, then back to the link', async () => {
    const response = await browser(harness).get('/renew/Mama-Mboga').expect(302);
    expect(response.headers.location).toBe(`/login?returnTo=${encodeURIComponent('/renew/mama-mboga')}`);
    expect(response.headers['cache-control']).toBe('private, no-store');
  });

  it("opens the team's Services screen with what is ending or lately ended in the cart", async () => {
    const owner = await signedInPerson(harness, db());
    const employee = await signedInPerson(harness, db());
    const business = await createBusiness(db(), { ownerId: owner.userId, status: 'active' });
    await db()
      .insertInto('user_business_roles')
      .values({
        user_id: employee.userId,
        business_id: business.business_id,
        role: 'employee',
        created_by: owner.userId,
      })
      .execute();
    const link = `/renew/${business.business_tag.toUpperCase()}`;
    const services = `/config/business/${business.business_id}/services`;

    // Nothing bought yet: the screen, with nothing preselected.
    expect((await owner.agent.get(link).expect(302)).headers.location).toBe(services);

    await subscription(business.business_id, 'website_hosting', 5); // ends within 14 days
    await subscription(business.business_id, 'ads', 30); // not yet due
    await subscription(business.business_id, 'image_gallery', -20); // ended 20 days ago
    await subscription(business.business_id, 'search_promotion', -400); // ended over a year ago
    const preselected = `${services}?renew=website_hosting,image_gallery`;
    expect((await owner.agent.get(link).expect(302)).headers.location).toBe(preselected);
    // Team members land there too; the screen itself lets only Owners pay (UI-SVC-07).
    expect((await employee.agent.get(link).expect(302)).headers.location).toBe(preselected);
  });

  it('tells anyone outside the team nothing about the business', async () => {
    const owner = await signedInPerson(harness, db());
    const stranger = await signedInPerson(harness, db());
    const business = await createBusiness(db(), { ownerId: owner.userId, status: 'active' });
    expect((await stranger.agent.get(`/renew/${business.business_tag}`).expect(302)).headers.location).toBe(
      '/config',
    );
    expect((await owner.agent.get('/renew/no-such-business').expect(302)).headers.location).toBe('/config');
    expect((await owner.agent.get('/renew/not%20a%20tag').expect(302)).headers.location).toBe('/config');
  });
});
