export {
  forgetSaved,
  lastSearch,
  recentBusinesses,
  rememberBusiness,
  rememberSearch,
  searchPath,
  savedBusiness,
  withSavedBusiness,
  type SavedBusiness,
  type SavedSearch,
  type SearchFilter,
} from './saved';
