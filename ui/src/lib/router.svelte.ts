// A tiny in-memory router. Nothing is persisted (no URL hash, no storage).
export type Route =
  | { name: 'dashboard' }
  | { name: 'cases' }
  | { name: 'case'; id: string }
  | { name: 'person'; id: string }
  | { name: 'intake' }
  | { name: 'sheetImport' }
  | { name: 'reports' }
  | { name: 'calendar' }
  | { name: 'contacts' }
  | { name: 'conflicts' }
  | { name: 'backup' }
  | { name: 'sheet'; caseId: string }
  | { name: 'sheet'; lawyer: string }
  | { name: 'settings'; focus?: 'passphrase' }
  | { name: 'about' };

const MAX_HISTORY = 50;

const state = $state<{ current: Route; history: Route[] }>({ current: { name: 'dashboard' }, history: [] });

export const router = {
  get current(): Route {
    return state.current;
  },
  get canGoBack(): boolean {
    return state.history.length > 0;
  },
  go(route: Route): void {
    if (JSON.stringify(route) === JSON.stringify(state.current)) return;
    state.history = [...state.history.slice(-(MAX_HISTORY - 1)), state.current];
    state.current = route;
  },
  back(): void {
    const prev = state.history.at(-1);
    if (!prev) return;
    state.history = state.history.slice(0, -1);
    state.current = prev;
  },
  /** Forget everything (on lock). */
  reset(): void {
    state.history = [];
    state.current = { name: 'dashboard' };
  },
};
