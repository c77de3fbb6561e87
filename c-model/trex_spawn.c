#define _POSIX_C_SOURCE 200809L
#include "trex_spawn.h"
#include "trex_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child: only async-signal-safe calls until execvp. */
static void child_fd(const char *path, int flags, int target, int dflt_null) {
  if (!path && !dflt_null) return;
  int fd = open(path ? path : "/dev/null", flags, 0666);
  if (fd < 0) _exit(127);
  if (fd != target) {
    if (dup2(fd, target) < 0) _exit(127);
    close(fd);
  }
}

int trex_run(const char *const argv[], const trex_spawn_opts *opts, trex_err *err) {
  static const trex_spawn_opts none = {0};
  if (!opts) opts = &none;
  if (!argv || !argv[0]) return trex_errf(err, "internal: no program to run");
  fflush(NULL); /* nothing buffered is written twice */
  /* SIGINT/SIGTERM/SIGHUP held from the fork until the child is registered:
   * a signal in between would otherwise end trex without stopping the child
   * (the child is in a process group of its own, so a kill of trex alone
   * does not reach it). Held signals arrive once the child is known. */
  const int *held = trex_cleanup_signals;
  sigset_t hold, old;
  sigemptyset(&hold);
  for (size_t k = 0; k < TREX_CLEANUP_NSIG; k++) sigaddset(&hold, held[k]);
  pthread_sigmask(SIG_BLOCK, &hold, &old);
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return trex_errf(err, "%s: cannot start: %s", argv[0], strerror(e));
  }
  if (pid == 0) {
    /* a process group of its own: an interrupted trex stops the program
     * and whatever it started (trex_cleanup_child) */
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    /* trex's cleanup handlers are not the child's: a held signal must not
     * run them here (a signal trex's caller ignored stays ignored) */
    for (size_t k = 0; k < TREX_CLEANUP_NSIG; k++) {
      struct sigaction sa;
      if (sigaction(held[k], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN) signal(held[k], SIG_DFL);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (opts->cwd && chdir(opts->cwd) != 0) _exit(127);
    child_fd(opts->stdin_path, O_RDONLY, 0, 1);
    child_fd(opts->stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 1, opts->quiet);
    child_fd(opts->stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 2, opts->quiet);
    execvp(argv[0], (char *const *)argv);
    _exit(127);
  }
  setpgid(pid, pid); /* also here: no race with the child's own call */
  trex_cleanup_child(pid); /* an interrupted trex stops it too (trex_file.h) */
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  int st;
  while (waitpid(pid, &st, 0) < 0) {
    if (errno != EINTR) {
      trex_cleanup_child(0);
      return trex_errf(err, "%s: cannot wait: %s", argv[0], strerror(errno));
    }
  }
  trex_cleanup_child(0);
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return trex_errf(err, "%s: ended in an unknown way", argv[0]);
}
