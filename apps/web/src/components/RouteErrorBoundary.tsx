import { Component, type ReactNode } from 'react';
import { RouteError } from './RouteError';

/**
 * The declarative router (router.tsx) has no `errorElement`, so this catches what a page throws while
 * rendering — most often a lazy chunk that failed to download — and shows RouteError inside the
 * layout, header and footer still usable. Layout keys it by path, so navigating away resets it.
 */
export class RouteErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <RouteError /> : this.props.children;
  }
}
