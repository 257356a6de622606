/**
 * A task's comments in the drawer, newest first: add one, and edit or delete one's own (an ADMIN or the OWNER may
 * delete anyone's). Live comments of others arrive through the board's taskChanged (live.ts).
 */
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { graphql } from '../gql';
import type { CommentItemFragment } from '../gql/graphql';
import { addComment, removeComment } from './cache';
import { TaskCommentsDocument } from './documents';

const AddCommentDocument = graphql(`
  mutation AddComment($taskId: ID!, $body: String!) {
    addComment(taskId: $taskId, body: $body) {
      ...CommentItem
    }
  }
`);

const UpdateCommentDocument = graphql(`
  mutation UpdateComment($id: ID!, $body: String!) {
    updateComment(id: $id, body: $body) {
      ...CommentItem
    }
  }
`);

const DeleteCommentDocument = graphql(`
  mutation DeleteComment($id: ID!) {
    deleteComment(id: $id)
  }
`);

export function TaskComments({ taskId, canEdit, canModerate }: { taskId: string; canEdit: boolean; canModerate: boolean }) {
  const client = useApolloClient();
  const { data, error } = useQuery(TaskCommentsDocument, { variables: { taskId } });
  const [add, adding] = useMutation(AddCommentDocument);
  const [body, setBody] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const added = await add({ variables: { taskId, body } }).catch(() => undefined);
    if (!added?.data) return;
    setBody('');
    addComment(client.cache, taskId, added.data.addComment);
  };

  return (
    <section aria-labelledby="comments-title" className="comments">
      <h3 id="comments-title">Comments</h3>
      {canEdit ? (
        <form onSubmit={submit} aria-label="New comment">
          <div className="field">
            <label htmlFor="comment-body">Add a comment</label>
            <textarea id="comment-body" rows={2} value={body} onChange={(event) => setBody(event.target.value)} />
          </div>
          <button type="submit" disabled={adding.loading || !body.trim()}>
            Comment
          </button>
          <ErrorMessage error={adding.error} />
        </form>
      ) : null}
      <ErrorMessage error={error} />
      <ul aria-label="Comments, newest first">
        {data?.task?.comments.edges.map(({ node }) => (
          <Comment key={node.id} taskId={taskId} comment={node} canEdit={canEdit} canModerate={canModerate} />
        ))}
      </ul>
    </section>
  );
}

function Comment({
  taskId,
  comment,
  canEdit,
  canModerate,
}: {
  taskId: string;
  comment: CommentItemFragment;
  canEdit: boolean;
  canModerate: boolean;
}) {
  const client = useApolloClient();
  const own = useSession()?.userId === comment.author.id;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [update, updating] = useMutation(UpdateCommentDocument);
  const [remove, removing] = useMutation(DeleteCommentDocument);
  const editorId = `comment-edit-${comment.id}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await update({ variables: { id: comment.id, body: draft } }).catch(() => undefined);
    if (saved?.data) setEditing(false);
  };
  const erase = async () => {
    const erased = await remove({ variables: { id: comment.id } }).catch(() => undefined);
    if (erased?.data) removeComment(client.cache, taskId, comment.id);
  };

  return (
    <li className="comment">
      <p className="comment-meta">
        <strong>{comment.author.displayName}</strong>{' '}
        <time dateTime={comment.createdAt}>{new Date(comment.createdAt).toLocaleString()}</time>
        {comment.editedAt ? <span> (edited)</span> : null}
      </p>
      {editing ? (
        <form onSubmit={save} aria-label="Edit comment">
          <div className="field">
            <label htmlFor={editorId}>Comment text</label>
            <textarea id={editorId} rows={2} value={draft} onChange={(event) => setDraft(event.target.value)} />
          </div>
          <div className="comment-actions">
            <button type="submit" disabled={updating.loading || !draft.trim()}>
              Save comment
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          <ErrorMessage error={updating.error} />
        </form>
      ) : (
        <p className="comment-body">{comment.body}</p>
      )}
      {canEdit && !editing && (own || canModerate) ? (
        <div className="comment-actions">
          {own ? (
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                setDraft(comment.body);
                setEditing(true);
              }}
            >
              Edit<span className="visually-hidden"> comment</span>
            </button>
          ) : null}
          <button type="button" className="danger small" disabled={removing.loading} onClick={() => void erase()}>
            Delete<span className="visually-hidden"> comment</span>
          </button>
        </div>
      ) : null}
      <ErrorMessage error={removing.error} />
    </li>
  );
}
