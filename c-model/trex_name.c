#include "trex_name.h"

#include <string.h>

void trex_name_safe(char *dst, size_t n, const char *s) {
  if (!n) return;
  size_t k = 0;
  for (; s[k] && k + 1 < n; k++) {
    char ch = s[k];
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             (ch && strchr("._+-", ch));
    dst[k] = ok && !(k == 0 && ch == '.') ? ch : '_';
  }
  if (k == 0 && n > 1) dst[k++] = '_';
  dst[k] = '\0';
}

void trex_csv_field(FILE *fp, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, fp);
    return;
  }
  fputc('"', fp);
  for (; *s; s++) {
    if (*s == '"') fputc('"', fp);
    fputc(*s, fp);
  }
  fputc('"', fp);
}

const char *trex_name_of(const char *const *names, int n, int v) {
  return v >= 0 && v < n && names[v] ? names[v] : "?";
}

int trex_name_find(const char *const *names, int n, const char *s) {
  for (int k = 0; k < n; k++)
    if (names[k] && !strcmp(s, names[k])) return k;
  return -1;
}
