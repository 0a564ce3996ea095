import { create } from 'zustand';

/** One message in the toast stack. */
export interface Toast {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

interface ToastState {
  toasts: Toast[];
  push: (tone: Toast['tone'], text: string) => void;
  dismiss: (id: number) => void;
}

/** Errors stay long enough to be read mid-show; info confirms and goes. */
const LIFETIME_MS = { error: 8000, info: 2500 } as const;
let nextId = 1;

/** The page's toast stack. */
export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push: (tone, text) => {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { id, tone, text }] });
    setTimeout(() => get().dismiss(id), LIFETIME_MS[tone]);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

/** Renders the stack in a corner; click a toast to dismiss it. */
export function ToastStack() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toast-stack" aria-live="polite">
      {toasts.map((toast) => (
        <button
          type="button"
          key={toast.id}
          className={`toast toast-${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          data-testid={`toast-${toast.tone}`}
          onClick={() => dismiss(toast.id)}
        >
          {toast.text}
        </button>
      ))}
    </div>
  );
}
