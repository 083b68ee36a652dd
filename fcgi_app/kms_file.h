/*
 * kms_file.h -- the single-host key-management backend: a 256-bit master
 * key in a 0600 file under the data directory.  It will wrap a per-share
 * data key for every server share (DESIGN.md section 3); at this stage it is
 * created on first start and checked by /health.  Workers never read it.
 */

#ifndef DUETD_KMS_FILE_H
#define DUETD_KMS_FILE_H

#define DUETD_KMS_DIR        "kms"
#define DUETD_KMS_KEY_FILE   "master.key"
#define DUETD_KMS_KEY_BYTES  32

/*
 * Create <data_dir>/kms/master.key from the CSPRNG if it does not exist
 * (atomically: temp file, fsync, rename, fsync of the directory).  An
 * existing key is never overwritten.
 * Returns: 0, or -1 after logging why.
 */
int duetd_kms_file_prepare(const char *data_dir);

/*
 * Check, without reading it, that the key file is a regular file of the
 * right size, owned by us and readable by nobody else.
 * Returns: 0 if sound, -1 otherwise (logged).
 */
int duetd_kms_file_check(const char *data_dir);

#endif /* DUETD_KMS_FILE_H */
