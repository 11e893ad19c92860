// Who is signed in, and the account endpoints (login, register, logout, password reset).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  loginRequest,
  passwordResetRequest,
  registerRequest,
  UserView,
} from '../../contracts/index.js';
import type { Lang } from '../i18n/index.js';
import { forgetOfflineCopies } from '../offline/status.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type SessionData = { user: UserView | null };

export function useSession() {
  return useQuery({
    queryKey: qk.session,
    queryFn: () => api<SessionData>('/session'),
    staleTime: 60_000,
  });
}

/** The signed-in user, or null (also while loading). */
export function useUser(): UserView | null {
  return useSession().data?.user ?? null;
}

export function isStaff(user: UserView | null): boolean {
  return user !== null && user.role !== 'shopper';
}

function useSignedIn() {
  const client = useQueryClient();
  return (user: UserView) => {
    // Everything cached belonged to the previous visitor.
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    forgetOfflineCopies();
    client.setQueryData<SessionData>(qk.session, { user });
  };
}

export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: z.input<typeof loginRequest>) =>
      api<{ user: UserView }>('/auth/login', { method: 'POST', body }),
    onSuccess: ({ user }) => signedIn(user),
  });
}

export function useRegister() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: z.input<typeof registerRequest>) =>
      api<{ user: UserView }>('/auth/register', { method: 'POST', body }),
    onSuccess: ({ user }) => signedIn(user),
  });
}

export function useRegisterCodes() {
  return useMutation({
    mutationFn: (body: { email: string; mobile: string }) =>
      api<{ expiresInSeconds: number }>('/auth/register-codes', { method: 'POST', body }),
  });
}

export function usePasswordResetCodes() {
  return useMutation({
    mutationFn: (body: { account: string }) =>
      api<void>('/auth/password-reset-codes', { method: 'POST', body }),
  });
}

export function usePasswordReset() {
  return useMutation({
    mutationFn: (body: z.input<typeof passwordResetRequest>) =>
      api<void>('/auth/password-reset', { method: 'POST', body }),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      forgetOfflineCopies();
      client.setQueryData<SessionData>(qk.session, { user: null });
    },
  });
}

/** Remembers the language on the account too (best effort: the cookie already carries it). */
export function saveLocale(lang: Lang): Promise<unknown> {
  return api('/me', { method: 'PATCH', body: { locale: lang } }).catch(() => undefined);
}
