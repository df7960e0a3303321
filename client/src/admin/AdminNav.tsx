import { Button, Group } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';

const SECTIONS = [
  { key: 'results', to: '/admin' },
  { key: 'banks', to: '/admin/banks' },
  { key: 'papers', to: '/admin/papers' },
  { key: 'plans', to: '/admin/plans' },
  { key: 'staffing', to: '/admin/staffing' },
  { key: 'applications', to: '/admin/applications' },
  { key: 'audit', to: '/admin/audit' },
  { key: 'staff', to: '/admin/staff' },
] as const;

function activeSection(pathname: string): (typeof SECTIONS)[number]['key'] {
  if (pathname.startsWith('/admin/banks')) return 'banks';
  if (pathname.startsWith('/admin/papers')) return 'papers';
  if (pathname.startsWith('/admin/applications')) return 'applications';
  if (pathname.startsWith('/admin/plans')) return 'plans';
  if (pathname.startsWith('/admin/staffing')) return 'staffing';
  if (pathname.startsWith('/admin/audit')) return 'audit';
  if (pathname.startsWith('/admin/staff')) return 'staff';
  return 'results';
}

/** Real links rather than tabs: each section is its own page with its own address. */
export function AdminNav() {
  const { t } = useTranslation();
  const active = activeSection(useLocation().pathname);
  return (
    <nav aria-label={t('adminNav.label')}>
      <Group gap="xs" pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        {SECTIONS.map((section) => (
          <Button
            key={section.key}
            component={Link}
            to={section.to}
            variant={active === section.key ? 'light' : 'subtle'}
            aria-current={active === section.key ? 'page' : undefined}
            data-testid={`admin-nav-${section.key}`}
          >
            {t(`adminNav.${section.key}`)}
          </Button>
        ))}
      </Group>
    </nav>
  );
}
