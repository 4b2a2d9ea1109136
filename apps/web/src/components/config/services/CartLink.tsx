import { ShoppingCart } from 'lucide-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Cart } from '../../../lib/config/cart';

/** The cart badge: how many services wait in the cart, across every business (ERRATA 3). */
export function CartLink({ cart }: { cart: Cart }) {
  const { t } = useTranslation('config');
  const count = cart.lines.length;
  return (
    <Link
      to="/config/cart"
      className="btn-secondary shrink-0"
      aria-label={t('services.cart.linkLabel', { count })}
    >
      <ShoppingCart size={18} aria-hidden="true" />
      <span aria-hidden="true">{count}</span>
    </Link>
  );
}
