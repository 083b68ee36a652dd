# duet_flags.m4 -- probe compiler and linker flags one at a time.
#
# DUET_TRY_APPEND_CFLAGS(FLAG, VAR)
#   Append FLAG to VAR when the C compiler accepts it without a warning
#   (the probe compiles with -Werror so "unrecognized option" warnings count
#   as refusals).
#
# DUET_TRY_APPEND_LDFLAGS(FLAG, VAR)
#   Append FLAG to VAR when a program links with it.

AC_DEFUN([DUET_TRY_APPEND_CFLAGS], [
    AS_VAR_PUSHDEF([duet_cv], [duet_cv_cflag_$1])
    AC_CACHE_CHECK([whether $CC accepts $1], [duet_cv], [
        duet_saved_cflags="$CFLAGS"
        CFLAGS="$CFLAGS $$2 -Werror $1"
        AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[]], [[return 0;]])],
            [AS_VAR_SET([duet_cv], [yes])], [AS_VAR_SET([duet_cv], [no])])
        CFLAGS="$duet_saved_cflags"
    ])
    AS_VAR_IF([duet_cv], [yes], [$2="$$2 $1"])
    AS_VAR_POPDEF([duet_cv])
])

AC_DEFUN([DUET_TRY_APPEND_LDFLAGS], [
    AS_VAR_PUSHDEF([duet_cv], [duet_cv_ldflag_$1])
    AC_CACHE_CHECK([whether the linker accepts $1], [duet_cv], [
        duet_saved_ldflags="$LDFLAGS"
        LDFLAGS="$LDFLAGS $$2 -Werror $1"
        AC_LINK_IFELSE([AC_LANG_PROGRAM([[]], [[return 0;]])],
            [AS_VAR_SET([duet_cv], [yes])], [AS_VAR_SET([duet_cv], [no])])
        LDFLAGS="$duet_saved_ldflags"
    ])
    AS_VAR_IF([duet_cv], [yes], [$2="$$2 $1"])
    AS_VAR_POPDEF([duet_cv])
])

# DUET_REQUIRE_PKG(VARIABLE-PREFIX, PKG-CONFIG-MODULE, DEBIAN-PACKAGE)
#   pkg-config probe that stops configure with the Debian package to install.
AC_DEFUN([DUET_REQUIRE_PKG], [
    PKG_CHECK_MODULES([$1], [$2], [],
        [AC_MSG_ERROR([$2 not found: install the Debian package $3 (apt-get install $3)])])
])
