import { useEffect } from 'react';
import { VerifyEmailNotice } from './account/VerifyEmailNotice';
import { useConnectionStatus } from './apollo/connection-status';
import { setSession, useSession } from './auth/session';
import { Link } from './components/Link';
import { NotificationBell } from './components/NotificationBell';
import { navigate, paths, type Route, useRoute } from './router';
import { AcceptInvitationScreen } from './screens/AcceptInvitationScreen';
import { AccountScreen } from './screens/AccountScreen';
import { ActivityScreen } from './screens/ActivityScreen';
import { AuthScreen } from './screens/AuthScreen';
import { BoardScreen } from './screens/BoardScreen';
import { ForgotPasswordScreen } from './screens/ForgotPasswordScreen';
import { MembersScreen } from './screens/MembersScreen';
import { ProjectScreen } from './screens/ProjectScreen';
import { ProjectsScreen } from './screens/ProjectsScreen';
import { ResetPasswordScreen } from './screens/ResetPasswordScreen';
import { VerifyEmailScreen } from './screens/VerifyEmailScreen';

export function App() {
  const session = useSession();
  const route = useRoute();
  const standalone = standaloneScreen(route);
  const signedOutHere = !session && !standalone;

  useEffect(() => {
    // Signed out: sign in first, then back here (where an invitation's link was going).
    if (signedOutHere) navigate(paths.login(route.screen === 'projects' ? null : currentPath()), { replace: true });
  }, [signedOutHere, route.screen]);

  if (standalone) return standalone;
  if (!session) return null;
  return (
    <>
      <header className="app-header">
        <Link href={paths.projects()} className="brand">
          taskgraph
        </Link>
        <ConnectionNotice />
        <div className="header-actions">
          <NotificationBell />
          <span className="muted user-name">{session.displayName}</span>
          <Link href={paths.account()}>Account</Link>
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <VerifyEmailNotice />
      {route.screen === 'projects' ? (
        <ProjectsScreen />
      ) : route.screen === 'account' ? (
        <AccountScreen />
      ) : route.screen === 'accept-invitation' ? (
        <AcceptInvitationScreen token={route.token} />
      ) : route.screen === 'board' || route.screen === 'members' || route.screen === 'activity' ? (
        <ProjectScreen key={route.projectId} projectId={route.projectId} page={route.screen}>
          {(project) =>
            route.screen === 'board' ? (
              <BoardScreen project={project} taskId={route.taskId} />
            ) : route.screen === 'members' ? (
              <MembersScreen project={project} />
            ) : (
              <ActivityScreen projectId={project.id} />
            )
          }
        </ProjectScreen>
      ) : null}
    </>
  );
}

/** The screens shown without the app's header, signed in or not: signing in, and the pages most email links open. */
function standaloneScreen(route: Route) {
  switch (route.screen) {
    case 'login':
    case 'register':
      return <AuthScreen key={route.screen} mode={route.screen} next={route.next} />;
    case 'forgot-password':
      return <ForgotPasswordScreen />;
    case 'reset-password':
      return <ResetPasswordScreen token={route.token} />;
    case 'verify-email':
      return <VerifyEmailScreen token={route.token} />;
    default:
      return null;
  }
}

const currentPath = () => `${window.location.pathname}${window.location.search}`;

/** Signing out starts the page afresh: no cached data or open socket of that user survives it. */
function signOut(): void {
  setSession(null);
  window.location.assign(paths.login());
}

function ConnectionNotice() {
  const status = useConnectionStatus();
  return (
    <p className="connection" role="status" data-status={status}>
      {status === 'reconnecting' ? 'Reconnecting…' : ''}
    </p>
  );
}
