import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SearchBox as SearchBoxSlot } from '../../components/SearchBox';
import { ListBusinessPrompt } from '../../components/States';
import { ApiError } from '../../lib/api';
import { cleanQuery, listPath, validSlug, type ListFilter } from '../../lib/filters';
import {
  filterLoaded,
  mergePages,
  serverQuery,
  useDebounced,
  useListingSearch,
  SEARCH_DEBOUNCE_MS,
} from '../../lib/live-search';
import { useCategories, useLanding, useLanguage, useRegions } from '../../lib/queries';
import { storedRegion, storeRegion } from '../../lib/region';
import NotFoundPage from '../NotFoundPage';
import { CategoryGrid, RegionChips, SponsoredStrip } from './HomeSections';
import { LandingHeader, RelatedLinks } from './LandingHeader';
import { ListResults } from './ListResults';

type Mode = 'home' | 'search' | 'landing';

/** Where the filter comes from: the path on landing pages, the query string on /search (UI-LIST-01). */
function useRouteFilter(mode: Mode): {
  region: string | null;
  category: string | null;
  q: string;
  invalid: boolean;
} {
  const params = useParams();
  const [search] = useSearchParams();
  const q = cleanQuery(search.get('q'));
  if (mode === 'landing') {
    const region = params.region ?? null;
    const category = params.category ?? null;
    const invalid = (region !== null && !validSlug(region)) || (category !== null && !validSlug(category));
    return { region, category, q, invalid };
  }
  const region = search.get('region');
  const category = search.get('category');
  return {
    region: validSlug(region) ? region : null,
    category: validSlug(category) ? category : null,
    q,
    invalid: false,
  };
}

/** One list view for `/`, `/search` and the landing pages (UI-LIST-01, UI-HOME-03). */
export default function DirectoryPage({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const location = useLocation();
  const route = useRouteFilter(mode);
  const [homeRegion, setHomeRegion] = useState<string | null>(() => storedRegion());
  const [query, setQuery] = useState(route.q);
  // The URL changed under us (back button, a link): follow it. Compared trimmed, so the space a person
  // is typing between two words survives the URL update that drops it.
  const [urlQuery, setUrlQuery] = useState(route.q);
  if (urlQuery !== route.q) {
    setUrlQuery(route.q);
    if (query.trim() !== route.q.trim()) setQuery(route.q);
  }

  const region = mode === 'home' ? homeRegion : route.region;
  const filter: ListFilter = { region, category: route.category, q: query };
  // A malformed slug renders the 404 page below; it must not reach the API first.
  const search = useListingSearch(filter, lang, !route.invalid);
  const landing = useLanding(route.region, route.category, mode === 'landing' && !route.invalid);
  const categories = useCategories(region);
  const regions = useRegions();
  const debounced = useDebounced(query, SEARCH_DEBOUNCE_MS);

  // UI-HOME-03: typing on the home page switches to results at /search (one push, then replace).
  useEffect(() => {
    if (query.trim() === route.q.trim()) return;
    const q = query.trim();
    if (mode === 'landing') {
      void navigate({ search: q ? `?${new URLSearchParams({ q }).toString()}` : '' }, { replace: true });
      return;
    }
    const target = listPath({ region, category: route.category, q: query });
    if (mode === 'home' && q) void navigate(target);
    else if (mode === 'search') void navigate(target, { replace: true });
    // Only the typed text drives this; region and category changes navigate themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  if (route.invalid) return <NotFoundPage />;
  if (landing.error instanceof ApiError && landing.error.status === 404) return <NotFoundPage />;
  // UI-LIST-02: /search with filters but no text redirects to the canonical landing URL.
  if (mode === 'search' && !route.q.trim() && !query.trim()) {
    return <Navigate to={listPath({ region: route.region, category: route.category, q: '' })} replace />;
  }

  const loaded = mergePages(search.data?.pages);
  const typing = query !== debounced || serverQuery(debounced) !== serverQuery(query);
  const items = typing || search.isPlaceholderData ? filterLoaded(loaded, query) : loaded;
  const total = typing || search.isPlaceholderData ? items.length : (search.data?.pages[0]?.total ?? null);
  const ads = search.data?.pages[0]?.ads ?? [];
  const regionName = regions.data?.find((candidate) => candidate.slug === region)?.name ?? t('region.kenya');
  const showHomeLayout = mode === 'home' && !query.trim();

  const chooseRegion = (next: string | null) => {
    if (mode === 'home') {
      setHomeRegion(next);
      storeRegion(next);
    } else {
      void navigate(listPath({ ...filter, region: next }));
    }
  };

  const heading =
    mode === 'home'
      ? region
        ? t('home.feedRegion', { region: regionName })
        : t('home.feedAll')
      : t('search.resultsFor', { query: query.trim() });

  const results = (
    <ListResults
      filter={filter}
      items={items}
      total={total}
      regionName={regionName}
      pending={search.isPending}
      fetching={search.isFetching}
      error={search.error}
      hasMore={Boolean(search.hasNextPage) && !typing}
      loadingMore={search.isFetchingNextPage}
      onLoadMore={() => void search.fetchNextPage()}
      onRetry={() => void search.refetch()}
      onClearSearch={() => setQuery('')}
      categories={categories.data ?? []}
    />
  );
  const searchBox = {
    value: query,
    onChange: setQuery,
    onSubmit: () => void search.refetch({ cancelRefetch: false }),
    busy: search.isFetching && !search.isFetchingNextPage,
  };

  if (mode === 'landing') {
    return (
      <div key={location.pathname}>
        <LandingHeader
          filter={filter}
          landing={landing.data}
          regions={regions.data ?? []}
          categories={categories.data ?? []}
          searchBox={searchBox}
        />
        <div className="page py-4">{results}</div>
        {landing.data && <RelatedLinks filter={filter} landing={landing.data} />}
      </div>
    );
  }

  return (
    <>
      <title>
        {showHomeLayout ? t('meta.homeTitle') : t('meta.pageTitle', { title: t('search.title') })}
      </title>
      {showHomeLayout ? (
        <HomeHero region={region} regionName={regionName} searchBox={searchBox} onRegion={chooseRegion} />
      ) : (
        <div className="page sticky top-0 z-10 space-y-3 bg-white py-3">
          <h1 className="text-h1 font-bold break-words">{heading}</h1>
          <SearchBoxSlot {...searchBox} autoFocus />
          <RegionChips region={region} onChange={chooseRegion} />
        </div>
      )}
      {showHomeLayout && <CategoryGrid region={region} />}
      {showHomeLayout && <SponsoredStrip ads={ads} />}
      <section aria-labelledby={showHomeLayout ? 'feed-heading' : undefined} className="page py-4">
        {showHomeLayout && (
          <h2 id="feed-heading" className="mb-2 text-h2 font-bold">
            {heading}
          </h2>
        )}
        {results}
      </section>
      {showHomeLayout && <ListBusinessPrompt />}
    </>
  );
}

function HomeHero({
  region,
  regionName,
  searchBox,
  onRegion,
}: {
  region: string | null;
  regionName: string;
  searchBox: Parameters<typeof SearchBoxSlot>[0];
  onRegion: (region: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="page space-y-4 pt-6 pb-2">
      <h1 className="text-display font-extrabold">
        {region ? t('home.titleRegion', { region: regionName }) : t('home.titleAll')}
      </h1>
      <SearchBoxSlot {...searchBox} variant="hero" />
      <RegionChips region={region} onChange={onRegion} />
    </section>
  );
}
