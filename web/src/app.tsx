import { type ReactNode, useEffect, useRef } from 'react';
import { AuthProvider, loginPath, useAuth } from './auth.tsx';
import { CommandPalette } from './components/command-palette.tsx';
import { NotificationBell } from './components/notification-bell.tsx';
import { Avatar, Spinner, ToastProvider } from './components/ui.tsx';
import { ProvidersProvider } from './git-providers.tsx';
import { InvitePage, ResetPasswordPage } from './pages/account-link.tsx';
import { BoardPage } from './pages/board.tsx';
import { LoginPage } from './pages/login.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { ProfilePage } from './pages/profile.tsx';
import { ProjectSettingsPage } from './pages/project-settings.tsx';
import { ProjectsPage } from './pages/projects.tsx';
import { SetupPage } from './pages/setup.tsx';
import { TeamPage } from './pages/team.tsx';
import { TicketPage } from './pages/ticket.tsx';
import { Link, match, navigate, useLocation } from './router.tsx';
import './app.css';

export function App() {
  return (
    <AuthProvider>
      <ToastProvider>
        <Routes />
      </ToastProvider>
    </AuthProvider>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Routes() {
  const { pathname } = useLocation();
  const { me } = useAuth();

  if (pathname === '/setup') return <SetupPage />;
  if (pathname === '/login') return <LoginPage />;
  if (pathname === '/invite') return <InvitePage />;
  if (pathname === '/reset-password') return <ResetPasswordPage />;
  if (me === undefined) {
    return (
      <div className="boot">
        <Spinner />
      </div>
    );
  }
  if (me === null) return <Redirect to={loginPath()} />;

  let page: ReactNode;
  let p: Record<string, string> | null;
  if (pathname === '/' || pathname === '') page = <Redirect to="/projects" />;
  else if (match('/projects', pathname)) page = <ProjectsPage />;
  else if ((p = match('/projects/:key/settings', pathname))) page = <ProjectSettingsPage projectKey={p.key} />;
  else if ((p = match('/projects/:key', pathname))) page = <BoardPage projectKey={p.key} />;
  else if ((p = match('/tickets/:ticketKey', pathname))) page = <TicketPage ticketKey={p.ticketKey} />;
  else if (match('/profile', pathname)) page = <ProfilePage />;
  else if (match('/team', pathname)) page = <TeamPage />;
  else page = <NotFoundPage />;
  return (
    <ProvidersProvider>
      <Shell>{page}</Shell>
    </ProvidersProvider>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { me, signOut } = useAuth();
  const { pathname } = useLocation();
  // After client-side navigation, start keyboard and screen-reader users at the new page's
  // content, as a full page load would.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger, not an input
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <nav className="topbar-inner" aria-label="Main">
          <Link href="/projects" className="brand" aria-label="Baton — projects">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">Baton</span>
          </Link>
          <Link href="/projects" className="topnav-link" aria-current={pathname.startsWith('/projects') ? 'page' : undefined}>
            Projects
          </Link>
          <Link href="/team" className="topnav-link" aria-current={pathname === '/team' ? 'page' : undefined}>
            Team
          </Link>
          <span className="topbar-spacer" />
          {me && <NotificationBell />}
          {me && (
            <Link href="/profile" className="topnav-link topnav-user" aria-current={pathname === '/profile' ? 'page' : undefined}>
              <Avatar name={me.name} size={22} />
              <span className="topnav-user-name">{me.name}</span>
              <span className="sr-only">— profile and Git credentials</span>
            </Link>
          )}
          <button type="button" className="topnav-link topnav-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </nav>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <CommandPalette />
    </div>
  );
}
