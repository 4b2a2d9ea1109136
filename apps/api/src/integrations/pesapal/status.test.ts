/** Reading GetTransactionStatus answers (INT-102, INT-151) that the simulator never sends. */
import { describe, expect, it } from 'vitest';
import { PesapalError } from './errors.js';
import { errorObjectOf, normaliseStatus, stripSecrets } from './status.js';

const TRACKING = 'b945e4af-80a5-4ec1-8706-e03f8332fb04';
const NULL_ERROR = { error_type: null, code: null, message: null, call_back_url: null };

function thrown(run: () => unknown): PesapalError {
  try {
    run();
  } catch (error) {
    if (error instanceof PesapalError) return error;
    throw error;
  }
  throw new Error('expected a PesapalError');
}

describe('normaliseStatus', () => {
  it('treats an all-null error object as no error (INT-102) and reads numbers written as strings', () => {
    const status = normaliseStatus(
      { status_code: '1', amount: '2262.00', currency: 'KES', confirmation_code: '', error: NULL_ERROR },
      TRACKING,
    );
    expect(status).toMatchObject({
      statusCode: 1,
      status: 'COMPLETED',
      amount: 2262,
      confirmationCode: null,
      orderTrackingId: TRACKING,
    });
  });

  it('reports the tracking id PesaPal names, so a mismatch can be seen', () => {
    const status = normaliseStatus({ status_code: 2, order_tracking_id: 'other-id', error: null }, TRACKING);
    expect(status.orderTrackingId).toBe('other-id');
  });

  it('treats "Pending Payment" by message alone as pending', () => {
    const status = normaliseStatus(
      { error: { code: 'x', message: 'Pending Payment' }, status: '500' },
      TRACKING,
    );
    expect(status).toMatchObject({ status: 'PENDING', statusCode: 0 });
  });

  it('any other error object is a refusal', () => {
    const error = thrown(() =>
      normaliseStatus({ error: { error_type: 'api_error', code: 'boom', message: 'Nope' } }, TRACKING),
    );
    expect(error).toMatchObject({ kind: 'rejected', details: { code: 'boom', errorType: 'api_error' } });
  });

  it.each([[{ error: null }], [{ status_code: 7 }], [{ status_code: 'one' }]])(
    'a body without a known status_code is unreadable: %j',
    (body) => {
      expect(thrown(() => normaliseStatus(body, TRACKING)).kind).toBe('invalid_response');
    },
  );

  it('keeps the raw answer without secrets', () => {
    const status = normaliseStatus(
      { status_code: 0, token: 'abc', nested: { Authorization: 'x' } },
      TRACKING,
    );
    expect(status.raw).toEqual({ status_code: 0, nested: {} });
    expect(stripSecrets([{ consumer_secret: 's', ok: 1 }])).toEqual([{ ok: 1 }]);
  });

  it('errorObjectOf ignores null and empty errors', () => {
    expect(errorObjectOf({ error: null })).toBeNull();
    expect(errorObjectOf({ error: { code: '', message: null } })).toBeNull();
    expect(errorObjectOf({ error: { code: 'c' } })).toEqual({ code: 'c', message: null, errorType: null });
  });
});
