import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import type { Role } from '@shared/domain.ts';
import { useMe } from '../hooks/useMe.ts';
import { homePathFor } from '../hooks/homePath.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { PageLoader } from './PageLoader.tsx';

/** Client-side routing only; the server enforces roles on every request. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ErrorAlert error={me.error} />;
  if (!me.data) return <Navigate to="/" replace />;
  if (!roles.includes(me.data.role)) return <Navigate to={homePathFor(me.data.role)} replace />;
  return children;
}
