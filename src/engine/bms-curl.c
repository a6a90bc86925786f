/* bms-curl.c: the libcurl plumbing that SMTP and IMAP share.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "bms-curl.h"
#include "bms-secret.h"

/* Where Debian keeps the system's CAs, for when libcurl does not say. */
#define SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

/* What a handle needs to outlive every call on it. Stored with
 * CURLOPT_PRIVATE; freed by bms_curl_easy_free(). */
typedef struct {
  CURLM          *multi;        /* private, created by the first perform */
  gboolean        attached;     /* the handle is in @multi */
  BmsTranscript  *transcript;
  char           *password;     /* wiped when freed; the transcript's secret */
  GArray         *sockets;      /* of curl_socket_t: those libcurl has open */
  gboolean        encrypted;    /* TLS records have come from the server */
  char            error_buffer[CURL_ERROR_SIZE];
} BmsCurlPrivate;

static gpointer
global_init_cb (gpointer data)
{
  return GINT_TO_POINTER (curl_global_init (CURL_GLOBAL_DEFAULT));
}

static gboolean
global_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, global_init_cb, NULL);

  return GPOINTER_TO_INT (once.retval) == CURLE_OK;
}

static BmsCurlPrivate *
get_private (CURL *easy)
{
  BmsCurlPrivate *priv = NULL;

  curl_easy_getinfo (easy, CURLINFO_PRIVATE, (char **) &priv);
  g_assert (priv != NULL);

  return priv;
}

void
bms_set_problem (GError     **error,
                 BmsProblem   problem)
{
  g_set_error_literal (error, BMS_MAIL_ERROR, problem, bms_problem_get_summary (problem));
}

char *
bms_curl_build_url (const BmsServer  *server,
                    const char       *protocol,
                    const char       *path,
                    GError          **error)
{
  g_autofree char *ascii = NULL;
  const char *scheme_suffix = server->security == BMS_SECURITY_SSL_TLS ? "s" : "";

  g_return_val_if_fail (server != NULL && server->host != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (protocol, "smtp") == 0 || g_strcmp0 (protocol, "imap") == 0, NULL);

  ascii = g_hostname_to_ascii (server->host);
  if (ascii == NULL || *ascii == '\0' || strpbrk (ascii, "/?#@[] ") != NULL)
    {
      bms_set_problem (error, BMS_PROBLEM_INVALID_INPUT);
      return NULL;
    }

  /* An IPv6 address goes into a URL between brackets. */
  if (strchr (ascii, ':') != NULL)
    return g_strdup_printf ("%s%s://[%s]:%u/%s", protocol, scheme_suffix, ascii,
                            server->port, path ? path : "");

  return g_strdup_printf ("%s%s://%s:%u/%s", protocol, scheme_suffix, ascii,
                          server->port, path ? path : "");
}

/* The system's CAs followed by the extra file, as one PEM blob, where
 * libcurl knows no CA directory: its CA file alone would replace the
 * system's CAs, and the extra file must add to them, not replace them. */
static GBytes *
load_ca_blob (CURL        *easy,
              const char  *extra_file,
              GError     **error)
{
  g_autoptr(GByteArray) blob = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *system = NULL;
  g_autofree char *extra = NULL;
  const char *system_file = NULL;
  gsize system_len = 0;
  gsize extra_len = 0;

  curl_easy_getinfo (easy, CURLINFO_CAINFO, (char **) &system_file);
  if (system_file == NULL)
    system_file = SYSTEM_CA_BUNDLE;

  /* A machine without the system's bundle can still trust the extra file. */
  if (g_file_get_contents (system_file, &system, &system_len, NULL))
    {
      g_byte_array_append (blob, (const guint8 *) system, system_len);
      g_byte_array_append (blob, (const guint8 *) "\n", 1);
    }

  if (!g_file_get_contents (extra_file, &extra, &extra_len, &local_error))
    {
      g_set_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT,
                   _("The certificate file “%s” cannot be read: %s"),
                   extra_file, local_error->message);
      return NULL;
    }
  g_byte_array_append (blob, (const guint8 *) extra, extra_len);

  return g_byte_array_free_to_bytes (g_steal_pointer (&blob));
}

static void
add_lines (BmsCurlPrivate    *priv,
           BmsTranscriptKind  kind,
           const char        *data,
           size_t             size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_auto(GStrv) lines = NULL;

  /* A NUL from a confused server must not cut the line short. */
  for (size_t i = 0; i < size; i++)
    text[i] = data[i] != '\0' ? data[i] : '?';
  text[size] = '\0';
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);   /* the CR of CRLF, and trailing blanks */
      if (lines[i][0] != '\0')
        bms_transcript_add (priv->transcript, kind, lines[i], priv->password);
    }
}

static int
debug_cb (CURL          *easy,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  BmsCurlPrivate *priv = user_data;

  switch (type)
    {
    case CURLINFO_TEXT:
      add_lines (priv, BMS_TRANSCRIPT_INFO, data, size);
      break;
    case CURLINFO_HEADER_IN:
      add_lines (priv, BMS_TRANSCRIPT_SERVER, data, size);
      break;
    case CURLINFO_HEADER_OUT:
      add_lines (priv, BMS_TRANSCRIPT_CLIENT, data, size);
      break;
    /* Message bodies and raw TLS records are never recorded; that TLS
     * records came is what says the connection is encrypted (libcurl's
     * session info is gone once a CONNECT_ONLY transfer is done). */
    case CURLINFO_SSL_DATA_IN:
      priv->encrypted = TRUE;
      break;
    case CURLINFO_DATA_IN:
    case CURLINFO_DATA_OUT:
    case CURLINFO_SSL_DATA_OUT:
    case CURLINFO_END:
    default:
      break;
    }

  return 0;
}

/* The sockets are opened and closed here so that a cancelled transfer can
 * have them shut down: libcurl 7.88, when a transfer is taken out of its
 * multi handle midway, still finishes an SMTP upload or IMAP APPEND and
 * waits for the server's answer, for up to the whole command timeout. */
static curl_socket_t
open_socket_cb (void                  *user_data,
                curlsocktype           purpose,
                struct curl_sockaddr  *address)
{
  BmsCurlPrivate *priv = user_data;
  curl_socket_t fd = socket (address->family, address->socktype | SOCK_CLOEXEC, address->protocol);

  if (fd != CURL_SOCKET_BAD)
    g_array_append_val (priv->sockets, fd);

  return fd;
}

static int
close_socket_cb (void          *user_data,
                 curl_socket_t  fd)
{
  BmsCurlPrivate *priv = user_data;

  for (guint i = 0; i < priv->sockets->len; i++)
    if (g_array_index (priv->sockets, curl_socket_t, i) == fd)
      {
        g_array_remove_index_fast (priv->sockets, i);
        break;
      }

  return close (fd);
}

/* Whatever libcurl tries on these sockets afterwards fails at once. */
static void
shut_down_sockets (BmsCurlPrivate *priv)
{
  for (guint i = 0; i < priv->sockets->len; i++)
    shutdown (g_array_index (priv->sockets, curl_socket_t, i), SHUT_RDWR);
}

/* Where libcurl finds the system's CAs in a hashed directory (Debian's
 * /etc/ssl/certs), the extra file can be libcurl's CA file: OpenSSL then
 * trusts both, and reads from the directory only the certificate it needs,
 * not the whole system bundle for every connection. */
static gboolean
can_add_ca_file (CURL *easy)
{
  const char *system_dir = NULL;

  curl_easy_getinfo (easy, CURLINFO_CAPATH, (char **) &system_dir);
  return system_dir != NULL && g_file_test (system_dir, G_FILE_TEST_IS_DIR);
}

static gboolean
set_ca_file (CURL        *easy,
             const char  *ca_file,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;

  /* Read once here only to say plainly when it cannot be. */
  if (!g_file_test (ca_file, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_CA_FILE_UNREADABLE,
                   /* Translators: %s is a file name given with --ca-file. */
                   _("The certificate file “%s” does not exist."), ca_file);
      return FALSE;
    }
  if (!g_file_get_contents (ca_file, &contents, NULL, &local_error))
    {
      g_set_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_CA_FILE_UNREADABLE,
                   _("The certificate file “%s” cannot be read: %s"),
                   ca_file, local_error->message);
      return FALSE;
    }

  if (curl_easy_setopt (easy, CURLOPT_CAINFO, ca_file) != CURLE_OK)
    {
      bms_set_problem (error, BMS_PROBLEM_OTHER);
      return FALSE;
    }

  return TRUE;
}

static gboolean
setup_security (CURL             *easy,
                const BmsServer  *server,
                GError          **error)
{
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_USE_SSL,
                    server->security == BMS_SECURITY_STARTTLS ? (long) CURLUSESSL_ALL
                                                              : (long) CURLUSESSL_NONE);

  if (server->ca_file != NULL && *server->ca_file != '\0' && can_add_ca_file (easy))
    return set_ca_file (easy, server->ca_file, error);

  if (server->ca_file != NULL && *server->ca_file != '\0')
    {
      g_autoptr(GBytes) blob = load_ca_blob (easy, server->ca_file, error);
      struct curl_blob curl_blob;

      if (blob == NULL)
        return FALSE;

      curl_blob.data = (void *) g_bytes_get_data (blob, &curl_blob.len);
      curl_blob.flags = CURL_BLOB_COPY;
      if (curl_easy_setopt (easy, CURLOPT_CAINFO_BLOB, &curl_blob) != CURLE_OK)
        {
          bms_set_problem (error, BMS_PROBLEM_OTHER);
          return FALSE;
        }
    }

  return TRUE;
}

CURL *
bms_curl_easy_new (const BmsServer  *server,
                   const char       *protocol,
                   const char       *password,
                   BmsTranscript    *transcript,
                   GError          **error)
{
  g_autofree char *url = NULL;
  BmsCurlPrivate *priv;
  CURL *easy;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (BMS_IS_TRANSCRIPT (transcript), NULL);

  url = bms_curl_build_url (server, protocol, NULL, error);
  if (url == NULL)
    return NULL;

  if (!global_init () || (easy = curl_easy_init ()) == NULL)
    {
      bms_set_problem (error, BMS_PROBLEM_OTHER);
      return NULL;
    }

  priv = g_new0 (BmsCurlPrivate, 1);
  priv->transcript = g_object_ref (transcript);
  priv->password = g_strdup (password);
  priv->sockets = g_array_new (FALSE, FALSE, sizeof (curl_socket_t));
  curl_easy_setopt (easy, CURLOPT_PRIVATE, priv);
  curl_easy_setopt (easy, CURLOPT_OPENSOCKETFUNCTION, open_socket_cb);
  curl_easy_setopt (easy, CURLOPT_OPENSOCKETDATA, priv);
  curl_easy_setopt (easy, CURLOPT_CLOSESOCKETFUNCTION, close_socket_cb);
  curl_easy_setopt (easy, CURLOPT_CLOSESOCKETDATA, priv);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, priv->error_buffer);

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR,
                    g_str_equal (protocol, "smtp") ? "smtp,smtps" : "imap,imaps");
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) server->connect_timeout_ms);
  /* Whole seconds only: round up, so that 1500 ms never becomes 1 s. */
  curl_easy_setopt (easy, CURLOPT_SERVER_RESPONSE_TIMEOUT,
                    (long) MAX (1, (server->command_timeout_ms + 999) / 1000));

  if (server->user != NULL)
    curl_easy_setopt (easy, CURLOPT_USERNAME, server->user);
  if (password != NULL)
    curl_easy_setopt (easy, CURLOPT_PASSWORD, password);

  curl_easy_setopt (easy, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (easy, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (easy, CURLOPT_DEBUGDATA, priv);

  if (!setup_security (easy, server, error))
    {
      bms_curl_easy_free (easy);
      return NULL;
    }

  return easy;
}

CURL *
bms_curl_easy_new_connect_only (const BmsServer  *server,
                                const char       *protocol,
                                const char       *password,
                                BmsTranscript    *transcript,
                                GError          **error)
{
  CURL *easy;

  /* A login with an empty password is never sent: it can only be refused,
   * and a server counts every refusal against the account. */
  if (password == NULL || password[0] == '\0')
    {
      g_set_error_literal (error, BMS_MAIL_ERROR, BMS_PROBLEM_NO_PASSWORD,
                           _("There is no password to sign in with: nothing was sent to the server."));
      return NULL;
    }

  easy = bms_curl_easy_new (server, protocol, password, transcript, error);
  if (easy == NULL)
    return NULL;

  curl_easy_setopt (easy, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt (easy, CURLOPT_USERNAME, NULL);
  curl_easy_setopt (easy, CURLOPT_PASSWORD, NULL);
  if (server->security == BMS_SECURITY_STARTTLS)
    curl_easy_setopt (easy, CURLOPT_USE_SSL, (long) CURLUSESSL_TRY);

  return easy;
}

gboolean
bms_curl_is_encrypted (CURL *easy)
{
  g_return_val_if_fail (easy != NULL, FALSE);

  return get_private (easy)->encrypted;
}

gboolean
bms_curl_send_all (CURL          *easy,
                   const char    *data,
                   gsize          length,
                   guint          timeout_ms,
                   GCancellable  *cancellable,
                   GError       **error)
{
  while (length > 0)
    {
      size_t sent = 0;
      CURLcode code;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      code = curl_easy_send (easy, data, length, &sent);
      if (code == CURLE_AGAIN)
        {
          if (!bms_curl_wait (easy, TRUE, timeout_ms, cancellable, error))
            return FALSE;
          continue;
        }
      if (code != CURLE_OK)
        {
          bms_set_problem (error, BMS_PROBLEM_CONNECTION_LOST);
          return FALSE;
        }

      data += sent;
      length -= sent;
    }

  return TRUE;
}

gboolean
bms_curl_receive (CURL          *easy,
                  GByteArray    *into,
                  guint          timeout_ms,
                  GCancellable  *cancellable,
                  GError       **error)
{
  guint8 chunk[16384];

  for (;;)
    {
      size_t received = 0;
      CURLcode code;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      code = curl_easy_recv (easy, chunk, sizeof chunk, &received);
      if (code == CURLE_AGAIN)
        {
          if (!bms_curl_wait (easy, FALSE, timeout_ms, cancellable, error))
            return FALSE;
          continue;
        }

      /* Zero bytes: the server closed the connection. */
      if (code != CURLE_OK || received == 0)
        {
          bms_set_problem (error, BMS_PROBLEM_CONNECTION_LOST);
          return FALSE;
        }

      g_byte_array_append (into, chunk, received);
      return TRUE;
    }
}

void
bms_curl_easy_free (CURL *easy)
{
  BmsCurlPrivate *priv;

  if (easy == NULL)
    return;

  priv = get_private (easy);

  /* Removing a finished transfer keeps its connection in the multi handle's
   * cache; cleaning up the multi handle then closes it, with QUIT or
   * LOGOUT. A CONNECT_ONLY connection is closed at once on removal. */
  if (priv->attached)
    curl_multi_remove_handle (priv->multi, easy);
  curl_easy_cleanup (easy);
  if (priv->multi != NULL)
    curl_multi_cleanup (priv->multi);

  g_clear_object (&priv->transcript);
  g_array_unref (priv->sockets);
  bms_secret_free (priv->password);
  g_free (priv);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  /* Thread-safe: wakes the curl_multi_poll() of the worker. */
  curl_multi_wakeup (user_data);
}

static CURLcode
run (CURL         *easy,
     GCancellable *cancellable)
{
  BmsCurlPrivate *priv = get_private (easy);
  CURLcode result = CURLE_OK;
  gulong handler_id = 0;
  gboolean done = FALSE;

  if (!global_init ())
    return CURLE_FAILED_INIT;

  if (priv->multi == NULL && (priv->multi = curl_multi_init ()) == NULL)
    return CURLE_OUT_OF_MEMORY;

  /* A handle runs again only after it left the multi handle. */
  if (priv->attached)
    curl_multi_remove_handle (priv->multi, easy);
  if (curl_multi_add_handle (priv->multi, easy) != CURLM_OK)
    return CURLE_FAILED_INIT;
  priv->attached = TRUE;

  if (cancellable != NULL)
    handler_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                        priv->multi, NULL);

  while (!done)
    {
      CURLMsg *msg;
      int running = 0;
      int queued = 0;

      if (g_cancellable_is_cancelled (cancellable))
        {
          result = CURLE_ABORTED_BY_CALLBACK;
          break;
        }

      if (curl_multi_perform (priv->multi, &running) != CURLM_OK)
        {
          result = CURLE_FAILED_INIT;
          break;
        }

      while ((msg = curl_multi_info_read (priv->multi, &queued)) != NULL)
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy)
          {
            result = msg->data.result;
            done = TRUE;
          }

      /* libcurl shortens the wait to its own next timeout. */
      if (!done && curl_multi_poll (priv->multi, NULL, 0, 1000, NULL) != CURLM_OK)
        {
          result = CURLE_FAILED_INIT;
          break;
        }
    }

  g_cancellable_disconnect (cancellable, handler_id);

  /* A cancelled transfer is taken out at once: libcurl closes its
   * connection without waiting for the server. */
  if (result == CURLE_ABORTED_BY_CALLBACK)
    {
      shut_down_sockets (priv);
      curl_multi_remove_handle (priv->multi, easy);
      priv->attached = FALSE;
    }

  return result;
}

CURLcode
bms_curl_perform (CURL         *easy,
                  GCancellable *cancellable)
{
  g_return_val_if_fail (easy != NULL, CURLE_BAD_FUNCTION_ARGUMENT);

  return run (easy, cancellable);
}

CURLcode
bms_curl_connect (CURL         *easy,
                  GCancellable *cancellable)
{
  g_return_val_if_fail (easy != NULL, CURLE_BAD_FUNCTION_ARGUMENT);

  /* The handle stays in its multi handle afterwards: libcurl finds a
   * CONNECT_ONLY connection for curl_easy_send() only through it. */
  return run (easy, cancellable);
}

gboolean
bms_curl_wait (CURL          *easy,
               gboolean       for_send,
               guint          timeout_ms,
               GCancellable  *cancellable,
               GError       **error)
{
  curl_socket_t socket = CURL_SOCKET_BAD;
  struct pollfd fds[2];
  GPollFD cancel_fd;
  nfds_t n_fds = 1;
  gint64 deadline;
  int ready;

  g_return_val_if_fail (easy != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (curl_easy_getinfo (easy, CURLINFO_ACTIVESOCKET, &socket) != CURLE_OK
      || socket == CURL_SOCKET_BAD)
    {
      bms_set_problem (error, BMS_PROBLEM_CONNECTION_LOST);
      return FALSE;
    }

  fds[0].fd = socket;
  fds[0].events = for_send ? POLLOUT : POLLIN;
  if (g_cancellable_make_pollfd (cancellable, &cancel_fd))
    {
      fds[1].fd = cancel_fd.fd;
      fds[1].events = POLLIN;
      n_fds = 2;
    }

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  do
    {
      gint64 left_ms = (deadline - g_get_monotonic_time () + 999) / 1000;

      ready = poll (fds, n_fds, (int) MAX (left_ms, 0));
    }
  while (ready < 0 && errno == EINTR);

  if (n_fds == 2)
    g_cancellable_release_fd (cancellable);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (ready == 0)
    {
      bms_set_problem (error, BMS_PROBLEM_TIMED_OUT);
      return FALSE;
    }
  if (ready < 0)
    {
      bms_set_problem (error, BMS_PROBLEM_CONNECTION_LOST);
      return FALSE;
    }

  /* POLLHUP and POLLERR count as ready: the next recv says what happened. */
  return TRUE;
}

/* libcurl's own remarks (its error text among them), for the problems that
 * the result code alone does not tell apart. */
static char *
dup_info_text (BmsTranscript *transcript)
{
  GString *text = g_string_new (NULL);
  guint n = bms_transcript_get_n_lines (transcript);

  for (guint i = 0; i < n; i++)
    if (bms_transcript_get_kind (transcript, i) == BMS_TRANSCRIPT_INFO)
      g_string_append_printf (text, "%s\n", bms_transcript_get_line (transcript, i));

  return g_string_free (text, FALSE);
}

gboolean
bms_curl_set_error (GError        **error,
                    BmsOperation    operation,
                    CURLcode        code,
                    BmsTranscript  *transcript,
                    GCancellable   *cancellable)
{
  g_autofree char *reply = NULL;
  g_autofree char *detail = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return TRUE;
  if (code == CURLE_OK)
    return FALSE;
  if (code == CURLE_ABORTED_BY_CALLBACK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           bms_problem_get_summary (BMS_PROBLEM_CANCELLED));
      return TRUE;
    }

  if (transcript != NULL)
    {
      reply = bms_transcript_dup_last_reply (transcript);
      detail = dup_info_text (transcript);
    }

  bms_set_problem (error, bms_diagnose_detail (operation, code, reply, detail));

  return TRUE;
}
