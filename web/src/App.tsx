import { useEffect } from 'react';
import { useConnectionStatus } from './apollo/connection-status';
import { setSession, useSession } from './auth/session';
import { Link } from './components/Link';
import { NotificationBell } from './components/NotificationBell';
import { navigate, paths, useRoute } from './router';
import { ActivityScreen } from './screens/ActivityScreen';
import { AuthScreen } from './screens/AuthScreen';
import { BoardScreen } from './screens/BoardScreen';
import { MembersScreen } from './screens/MembersScreen';
import { ProjectScreen } from './screens/ProjectScreen';
import { ProjectsScreen } from './screens/ProjectsScreen';

export function App() {
  const session = useSession();
  const route = useRoute();
  const signedOutScreen = route.screen === 'login' || route.screen === 'register';

  useEffect(() => {
    if (!session && !signedOutScreen) navigate(paths.login(), { replace: true });
  }, [session, signedOutScreen]);

  if (route.screen === 'login' || route.screen === 'register') return <AuthScreen key={route.screen} mode={route.screen} />;
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
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {route.screen === 'projects' ? (
        <ProjectsScreen />
      ) : (
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
      )}
    </>
  );
}

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
