/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": typeof types.DeleteAccountDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      channels\n    }\n  }\n": typeof types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(preferences: $preferences) {\n      kind\n      channels\n    }\n  }\n": typeof types.UpdateNotificationPreferencesDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation LogoutOtherSessions {\n    logoutOtherSessions\n  }\n": typeof types.LogoutOtherSessionsDocument,
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      emailVerified\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n": typeof types.ResendVerificationEmailDocument,
    "\n  fragment SignedIn on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      displayName\n    }\n  }\n": typeof types.SignedInFragmentDoc,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SignedIn\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskCard\n    }\n  }\n": typeof types.CreateTaskDocument,
    "\n  mutation AddComment($taskId: ID!, $body: String!) {\n    addComment(taskId: $taskId, body: $body) {\n      ...CommentItem\n    }\n  }\n": typeof types.AddCommentDocument,
    "\n  mutation UpdateComment($id: ID!, $body: String!) {\n    updateComment(id: $id, body: $body) {\n      ...CommentItem\n    }\n  }\n": typeof types.UpdateCommentDocument,
    "\n  mutation DeleteComment($id: ID!) {\n    deleteComment(id: $id)\n  }\n": typeof types.DeleteCommentDocument,
    "\n  query TaskDetails($id: ID!) {\n    task(id: $id) {\n      ...TaskCard\n      description\n      createdAt\n      reporter {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.TaskDetailsDocument,
    "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskCard\n      description\n    }\n  }\n": typeof types.UpdateTaskDocument,
    "\n  mutation AssignTask($id: ID!, $assigneeId: ID) {\n    assignTask(id: $id, assigneeId: $assigneeId) {\n      ...TaskCard\n    }\n  }\n": typeof types.AssignTaskDocument,
    "\n  mutation ChangeTaskStatus($id: ID!, $status: TaskStatus!) {\n    changeTaskStatus(id: $id, status: $status) {\n      ...TaskCard\n      completedAt\n    }\n  }\n": typeof types.ChangeTaskStatusDocument,
    "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n": typeof types.DeleteTaskDocument,
    "\n  mutation SetTaskLabels($id: ID!, $labelIds: [ID!]!) {\n    setTaskLabels(id: $id, labelIds: $labelIds) {\n      ...TaskCard\n    }\n  }\n": typeof types.SetTaskLabelsDocument,
    "\n  mutation CreateLabel($projectId: ID!, $name: String!, $color: String!) {\n    createLabel(projectId: $projectId, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n": typeof types.CreateLabelDocument,
    "\n  query ProjectLabels($id: ID!) {\n    project(id: $id) {\n      id\n      labels {\n        id\n        name\n        color\n      }\n    }\n  }\n": typeof types.ProjectLabelsDocument,
    "\n  fragment TaskCard on Task {\n    id\n    title\n    description\n    status\n    position\n    priority\n    dueAt\n    assignee {\n      id\n      displayName\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n": typeof types.TaskCardFragmentDoc,
    "\n  fragment CommentItem on Comment {\n    id\n    body\n    createdAt\n    editedAt\n    author {\n      id\n      displayName\n    }\n  }\n": typeof types.CommentItemFragmentDoc,
    "\n  query BoardColumn($projectId: ID!, $filter: TaskFilter!, $after: String) {\n    project(id: $projectId) {\n      id\n      tasks(filter: $filter, orderBy: { field: POSITION, direction: ASC }, first: 20, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...TaskCard\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.BoardColumnDocument,
    "\n  mutation MoveTask($id: ID!, $status: TaskStatus, $afterTaskId: ID, $beforeTaskId: ID) {\n    moveTask(id: $id, status: $status, afterTaskId: $afterTaskId, beforeTaskId: $beforeTaskId) {\n      ...TaskCard\n    }\n  }\n": typeof types.MoveTaskDocument,
    "\n  subscription TaskChanged($projectId: ID!, $after: String) {\n    taskChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      taskId\n      task {\n        ...TaskCard\n      }\n      comment {\n        ...CommentItem\n      }\n    }\n  }\n": typeof types.TaskChangedDocument,
    "\n  query TaskComments($taskId: ID!, $after: String) {\n    task(id: $taskId) {\n      id\n      comments(direction: DESC, first: 50, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...CommentItem\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.TaskCommentsDocument,
    "\n  query Notifications {\n    unreadNotificationCount\n    notifications(first: 20) {\n      edges {\n        cursor\n        node {\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    readAt\n    createdAt\n    task {\n      id\n      project {\n        id\n      }\n    }\n    project {\n      id\n    }\n  }\n": typeof types.NotificationItemFragmentDoc,
    "\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n": typeof types.NotificationAddedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllNotificationsReadDocument,
    "\n  query ProjectInvitations($id: ID!) {\n    project(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        expiresAt\n        invitedBy {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.ProjectInvitationsDocument,
    "\n  mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole) {\n    inviteToProject(projectId: $projectId, email: $email, role: $role) {\n      id\n      email\n    }\n  }\n": typeof types.InviteToProjectDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  fragment ProjectDetails on Project {\n    id\n    name\n    description\n    viewerRole\n    archivedAt\n    members {\n      role\n      user {\n        id\n        displayName\n      }\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n": typeof types.ProjectDetailsFragmentDoc,
    "\n  query ProjectHeader($id: ID!) {\n    project(id: $id) {\n      ...ProjectDetails\n    }\n  }\n": typeof types.ProjectHeaderDocument,
    "\n  subscription ProjectChanged($projectId: ID!, $after: String) {\n    projectChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      projectId\n      project {\n        ...ProjectDetails\n      }\n      user {\n        id\n      }\n    }\n  }\n": typeof types.ProjectChangedDocument,
    "\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      name\n      viewerRole\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  query ProjectActivity($projectId: ID!, $after: String) {\n    project(id: $projectId) {\n      id\n      activity(first: 30, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            kind\n            taskId\n            occurredAt\n            task {\n              id\n              title\n            }\n            actor {\n              id\n              displayName\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.ProjectActivityDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SignedIn\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SignedIn\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  query SearchUsers($search: String!) {\n    users(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.SearchUsersDocument,
    "\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: ProjectRole) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n": typeof types.AddProjectMemberDocument,
    "\n  mutation ChangeProjectMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n    changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n": typeof types.ChangeProjectMemberRoleDocument,
    "\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId) {\n      ...ProjectDetails\n    }\n  }\n": typeof types.RemoveProjectMemberDocument,
    "\n  query Projects($after: String) {\n    projects(first: 50, after: $after, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n          description\n          viewerRole\n          archivedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ProjectsDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateProjectDocument,
    "\n  mutation ArchiveProject($id: ID!) {\n    archiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n": typeof types.ArchiveProjectDocument,
    "\n  mutation UnarchiveProject($id: ID!) {\n    unarchiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n": typeof types.UnarchiveProjectDocument,
    "\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id)\n  }\n": typeof types.DeleteProjectDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": typeof types.VerifyEmailDocument,
};
const documents: Documents = {
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": types.DeleteAccountDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      channels\n    }\n  }\n": types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(preferences: $preferences) {\n      kind\n      channels\n    }\n  }\n": types.UpdateNotificationPreferencesDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation LogoutOtherSessions {\n    logoutOtherSessions\n  }\n": types.LogoutOtherSessionsDocument,
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      emailVerified\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n": types.ResendVerificationEmailDocument,
    "\n  fragment SignedIn on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      displayName\n    }\n  }\n": types.SignedInFragmentDoc,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SignedIn\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskCard\n    }\n  }\n": types.CreateTaskDocument,
    "\n  mutation AddComment($taskId: ID!, $body: String!) {\n    addComment(taskId: $taskId, body: $body) {\n      ...CommentItem\n    }\n  }\n": types.AddCommentDocument,
    "\n  mutation UpdateComment($id: ID!, $body: String!) {\n    updateComment(id: $id, body: $body) {\n      ...CommentItem\n    }\n  }\n": types.UpdateCommentDocument,
    "\n  mutation DeleteComment($id: ID!) {\n    deleteComment(id: $id)\n  }\n": types.DeleteCommentDocument,
    "\n  query TaskDetails($id: ID!) {\n    task(id: $id) {\n      ...TaskCard\n      description\n      createdAt\n      reporter {\n        id\n        displayName\n      }\n    }\n  }\n": types.TaskDetailsDocument,
    "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskCard\n      description\n    }\n  }\n": types.UpdateTaskDocument,
    "\n  mutation AssignTask($id: ID!, $assigneeId: ID) {\n    assignTask(id: $id, assigneeId: $assigneeId) {\n      ...TaskCard\n    }\n  }\n": types.AssignTaskDocument,
    "\n  mutation ChangeTaskStatus($id: ID!, $status: TaskStatus!) {\n    changeTaskStatus(id: $id, status: $status) {\n      ...TaskCard\n      completedAt\n    }\n  }\n": types.ChangeTaskStatusDocument,
    "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n": types.DeleteTaskDocument,
    "\n  mutation SetTaskLabels($id: ID!, $labelIds: [ID!]!) {\n    setTaskLabels(id: $id, labelIds: $labelIds) {\n      ...TaskCard\n    }\n  }\n": types.SetTaskLabelsDocument,
    "\n  mutation CreateLabel($projectId: ID!, $name: String!, $color: String!) {\n    createLabel(projectId: $projectId, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n": types.CreateLabelDocument,
    "\n  query ProjectLabels($id: ID!) {\n    project(id: $id) {\n      id\n      labels {\n        id\n        name\n        color\n      }\n    }\n  }\n": types.ProjectLabelsDocument,
    "\n  fragment TaskCard on Task {\n    id\n    title\n    description\n    status\n    position\n    priority\n    dueAt\n    assignee {\n      id\n      displayName\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n": types.TaskCardFragmentDoc,
    "\n  fragment CommentItem on Comment {\n    id\n    body\n    createdAt\n    editedAt\n    author {\n      id\n      displayName\n    }\n  }\n": types.CommentItemFragmentDoc,
    "\n  query BoardColumn($projectId: ID!, $filter: TaskFilter!, $after: String) {\n    project(id: $projectId) {\n      id\n      tasks(filter: $filter, orderBy: { field: POSITION, direction: ASC }, first: 20, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...TaskCard\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.BoardColumnDocument,
    "\n  mutation MoveTask($id: ID!, $status: TaskStatus, $afterTaskId: ID, $beforeTaskId: ID) {\n    moveTask(id: $id, status: $status, afterTaskId: $afterTaskId, beforeTaskId: $beforeTaskId) {\n      ...TaskCard\n    }\n  }\n": types.MoveTaskDocument,
    "\n  subscription TaskChanged($projectId: ID!, $after: String) {\n    taskChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      taskId\n      task {\n        ...TaskCard\n      }\n      comment {\n        ...CommentItem\n      }\n    }\n  }\n": types.TaskChangedDocument,
    "\n  query TaskComments($taskId: ID!, $after: String) {\n    task(id: $taskId) {\n      id\n      comments(direction: DESC, first: 50, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...CommentItem\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.TaskCommentsDocument,
    "\n  query Notifications {\n    unreadNotificationCount\n    notifications(first: 20) {\n      edges {\n        cursor\n        node {\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NotificationsDocument,
    "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    readAt\n    createdAt\n    task {\n      id\n      project {\n        id\n      }\n    }\n    project {\n      id\n    }\n  }\n": types.NotificationItemFragmentDoc,
    "\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n": types.NotificationAddedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllNotificationsReadDocument,
    "\n  query ProjectInvitations($id: ID!) {\n    project(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        expiresAt\n        invitedBy {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": types.ProjectInvitationsDocument,
    "\n  mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole) {\n    inviteToProject(projectId: $projectId, email: $email, role: $role) {\n      id\n      email\n    }\n  }\n": types.InviteToProjectDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": types.RevokeInvitationDocument,
    "\n  fragment ProjectDetails on Project {\n    id\n    name\n    description\n    viewerRole\n    archivedAt\n    members {\n      role\n      user {\n        id\n        displayName\n      }\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n": types.ProjectDetailsFragmentDoc,
    "\n  query ProjectHeader($id: ID!) {\n    project(id: $id) {\n      ...ProjectDetails\n    }\n  }\n": types.ProjectHeaderDocument,
    "\n  subscription ProjectChanged($projectId: ID!, $after: String) {\n    projectChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      projectId\n      project {\n        ...ProjectDetails\n      }\n      user {\n        id\n      }\n    }\n  }\n": types.ProjectChangedDocument,
    "\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      name\n      viewerRole\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  query ProjectActivity($projectId: ID!, $after: String) {\n    project(id: $projectId) {\n      id\n      activity(first: 30, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            kind\n            taskId\n            occurredAt\n            task {\n              id\n              title\n            }\n            actor {\n              id\n              displayName\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.ProjectActivityDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SignedIn\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SignedIn\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  query SearchUsers($search: String!) {\n    users(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": types.SearchUsersDocument,
    "\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: ProjectRole) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n": types.AddProjectMemberDocument,
    "\n  mutation ChangeProjectMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n    changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n": types.ChangeProjectMemberRoleDocument,
    "\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId) {\n      ...ProjectDetails\n    }\n  }\n": types.RemoveProjectMemberDocument,
    "\n  query Projects($after: String) {\n    projects(first: 50, after: $after, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n          description\n          viewerRole\n          archivedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ProjectsDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateProjectDocument,
    "\n  mutation ArchiveProject($id: ID!) {\n    archiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n": types.ArchiveProjectDocument,
    "\n  mutation UnarchiveProject($id: ID!) {\n    unarchiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n": types.UnarchiveProjectDocument,
    "\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id)\n  }\n": types.DeleteProjectDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": types.VerifyEmailDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"): (typeof documents)["\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      channels\n    }\n  }\n"): (typeof documents)["\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      channels\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(preferences: $preferences) {\n      kind\n      channels\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(preferences: $preferences) {\n      kind\n      channels\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogoutOtherSessions {\n    logoutOtherSessions\n  }\n"): (typeof documents)["\n  mutation LogoutOtherSessions {\n    logoutOtherSessions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      emailVerified\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      emailVerified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n"): (typeof documents)["\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SignedIn on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment SignedIn on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SignedIn\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SignedIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskCard\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddComment($taskId: ID!, $body: String!) {\n    addComment(taskId: $taskId, body: $body) {\n      ...CommentItem\n    }\n  }\n"): (typeof documents)["\n  mutation AddComment($taskId: ID!, $body: String!) {\n    addComment(taskId: $taskId, body: $body) {\n      ...CommentItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateComment($id: ID!, $body: String!) {\n    updateComment(id: $id, body: $body) {\n      ...CommentItem\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateComment($id: ID!, $body: String!) {\n    updateComment(id: $id, body: $body) {\n      ...CommentItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteComment($id: ID!) {\n    deleteComment(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteComment($id: ID!) {\n    deleteComment(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskDetails($id: ID!) {\n    task(id: $id) {\n      ...TaskCard\n      description\n      createdAt\n      reporter {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskDetails($id: ID!) {\n    task(id: $id) {\n      ...TaskCard\n      description\n      createdAt\n      reporter {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskCard\n      description\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskCard\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignTask($id: ID!, $assigneeId: ID) {\n    assignTask(id: $id, assigneeId: $assigneeId) {\n      ...TaskCard\n    }\n  }\n"): (typeof documents)["\n  mutation AssignTask($id: ID!, $assigneeId: ID) {\n    assignTask(id: $id, assigneeId: $assigneeId) {\n      ...TaskCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeTaskStatus($id: ID!, $status: TaskStatus!) {\n    changeTaskStatus(id: $id, status: $status) {\n      ...TaskCard\n      completedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeTaskStatus($id: ID!, $status: TaskStatus!) {\n    changeTaskStatus(id: $id, status: $status) {\n      ...TaskCard\n      completedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTaskLabels($id: ID!, $labelIds: [ID!]!) {\n    setTaskLabels(id: $id, labelIds: $labelIds) {\n      ...TaskCard\n    }\n  }\n"): (typeof documents)["\n  mutation SetTaskLabels($id: ID!, $labelIds: [ID!]!) {\n    setTaskLabels(id: $id, labelIds: $labelIds) {\n      ...TaskCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLabel($projectId: ID!, $name: String!, $color: String!) {\n    createLabel(projectId: $projectId, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLabel($projectId: ID!, $name: String!, $color: String!) {\n    createLabel(projectId: $projectId, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectLabels($id: ID!) {\n    project(id: $id) {\n      id\n      labels {\n        id\n        name\n        color\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProjectLabels($id: ID!) {\n    project(id: $id) {\n      id\n      labels {\n        id\n        name\n        color\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskCard on Task {\n    id\n    title\n    description\n    status\n    position\n    priority\n    dueAt\n    assignee {\n      id\n      displayName\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  fragment TaskCard on Task {\n    id\n    title\n    description\n    status\n    position\n    priority\n    dueAt\n    assignee {\n      id\n      displayName\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CommentItem on Comment {\n    id\n    body\n    createdAt\n    editedAt\n    author {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment CommentItem on Comment {\n    id\n    body\n    createdAt\n    editedAt\n    author {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardColumn($projectId: ID!, $filter: TaskFilter!, $after: String) {\n    project(id: $projectId) {\n      id\n      tasks(filter: $filter, orderBy: { field: POSITION, direction: ASC }, first: 20, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...TaskCard\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BoardColumn($projectId: ID!, $filter: TaskFilter!, $after: String) {\n    project(id: $projectId) {\n      id\n      tasks(filter: $filter, orderBy: { field: POSITION, direction: ASC }, first: 20, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...TaskCard\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveTask($id: ID!, $status: TaskStatus, $afterTaskId: ID, $beforeTaskId: ID) {\n    moveTask(id: $id, status: $status, afterTaskId: $afterTaskId, beforeTaskId: $beforeTaskId) {\n      ...TaskCard\n    }\n  }\n"): (typeof documents)["\n  mutation MoveTask($id: ID!, $status: TaskStatus, $afterTaskId: ID, $beforeTaskId: ID) {\n    moveTask(id: $id, status: $status, afterTaskId: $afterTaskId, beforeTaskId: $beforeTaskId) {\n      ...TaskCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskChanged($projectId: ID!, $after: String) {\n    taskChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      taskId\n      task {\n        ...TaskCard\n      }\n      comment {\n        ...CommentItem\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TaskChanged($projectId: ID!, $after: String) {\n    taskChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      taskId\n      task {\n        ...TaskCard\n      }\n      comment {\n        ...CommentItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskComments($taskId: ID!, $after: String) {\n    task(id: $taskId) {\n      id\n      comments(direction: DESC, first: 50, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...CommentItem\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskComments($taskId: ID!, $after: String) {\n    task(id: $taskId) {\n      id\n      comments(direction: DESC, first: 50, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...CommentItem\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications {\n    unreadNotificationCount\n    notifications(first: 20) {\n      edges {\n        cursor\n        node {\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notifications {\n    unreadNotificationCount\n    notifications(first: 20) {\n      edges {\n        cursor\n        node {\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    readAt\n    createdAt\n    task {\n      id\n      project {\n        id\n      }\n    }\n    project {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    readAt\n    createdAt\n    task {\n      id\n      project {\n        id\n      }\n    }\n    project {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"): (typeof documents)["\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectInvitations($id: ID!) {\n    project(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        expiresAt\n        invitedBy {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProjectInvitations($id: ID!) {\n    project(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        expiresAt\n        invitedBy {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole) {\n    inviteToProject(projectId: $projectId, email: $email, role: $role) {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole) {\n    inviteToProject(projectId: $projectId, email: $email, role: $role) {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProjectDetails on Project {\n    id\n    name\n    description\n    viewerRole\n    archivedAt\n    members {\n      role\n      user {\n        id\n        displayName\n      }\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  fragment ProjectDetails on Project {\n    id\n    name\n    description\n    viewerRole\n    archivedAt\n    members {\n      role\n      user {\n        id\n        displayName\n      }\n    }\n    labels {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectHeader($id: ID!) {\n    project(id: $id) {\n      ...ProjectDetails\n    }\n  }\n"): (typeof documents)["\n  query ProjectHeader($id: ID!) {\n    project(id: $id) {\n      ...ProjectDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProjectChanged($projectId: ID!, $after: String) {\n    projectChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      projectId\n      project {\n        ...ProjectDetails\n      }\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ProjectChanged($projectId: ID!, $after: String) {\n    projectChanged(projectId: $projectId, after: $after) {\n      id\n      kind\n      projectId\n      project {\n        ...ProjectDetails\n      }\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      name\n      viewerRole\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      name\n      viewerRole\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectActivity($projectId: ID!, $after: String) {\n    project(id: $projectId) {\n      id\n      activity(first: 30, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            kind\n            taskId\n            occurredAt\n            task {\n              id\n              title\n            }\n            actor {\n              id\n              displayName\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProjectActivity($projectId: ID!, $after: String) {\n    project(id: $projectId) {\n      id\n      activity(first: 30, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            kind\n            taskId\n            occurredAt\n            task {\n              id\n              title\n            }\n            actor {\n              id\n              displayName\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SignedIn\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SignedIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SignedIn\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SignedIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchUsers($search: String!) {\n    users(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchUsers($search: String!) {\n    users(search: $search, first: 10) {\n      edges {\n        node {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: ProjectRole) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n"): (typeof documents)["\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: ProjectRole) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeProjectMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n    changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeProjectMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n    changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n      ...ProjectDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId) {\n      ...ProjectDetails\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId) {\n      ...ProjectDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Projects($after: String) {\n    projects(first: 50, after: $after, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n          description\n          viewerRole\n          archivedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Projects($after: String) {\n    projects(first: 50, after: $after, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n          description\n          viewerRole\n          archivedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveProject($id: ID!) {\n    archiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveProject($id: ID!) {\n    archiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnarchiveProject($id: ID!) {\n    unarchiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n"): (typeof documents)["\n  mutation UnarchiveProject($id: ID!) {\n    unarchiveProject(id: $id) {\n      id\n      archivedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;