#!/usr/bin/perl
# Enforce the include-direction rules of DESIGN.md section 5 and STYLE.md
# section 9: a lower layer never includes a higher one.
#   crypto/include/*.h  only <stddef.h>, <stdint.h> and each other
#   crypto/src/<area>   only its own area and the areas below it, and only
#                       libc, GMP, libsecp256k1, OpenSSL from outside (and
#                       json-c in chain/, for the JSON of duet_eth.h)
#   fcgi_app/, cli/     libduet only through crypto/include
#   ngx_module/         nginx headers and OpenSSL (which nginx links), plus
#                       the module's own duet_jwt.h; duet_jwt.c, the pure
#                       token verifier, libc, jansson and OpenSSL, never
#                       nginx (its unit test and fuzzer build without it)

use strict;
use warnings;

use File::Find;
use Test::More;

my $top = $ENV{top_srcdir} // '.';
chdir $top or die "chdir $top: $!";

# Lowest first.  chain sits beside hash/curve; protocol may use all.
my %rank = (util => 0, codec => 1, hash => 2, bn => 3, curve => 4,
            paillier => 5, transcript => 6, zk => 7, chain => 5, audit => 3,
            protocol => 8);

my @files;
find(sub { push @files, $File::Find::name if /\.[ch]$/ },
     grep { -d } qw(crypto fcgi_app cli ngx_module));
@files = sort map { s{^\./}{}r } @files;

# Header names from libraries crypto/ must never see.
my $foreign = qr{^(?:fcgiapp|fcgi_stdio|json-c/|json\.h|sqlite3|libpq|curl/
                   |jwt\.h|cbor|yubikey|ngx_)}x;

sub includes {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!";
    my @inc;
    while (<$fh>) {
        push @inc, [$1, $2, $.] if /^\s*#\s*include\s*([<"])([^>"]+)[>"]/;
    }
    return @inc;
}

# Resolve a quoted include the way the compiler would for this project.
sub resolve {
    my ($file, $name, @dirs) = @_;
    (my $dir = $file) =~ s{/[^/]*$}{};
    for my $d ($dir, @dirs) {
        my $p = "$d/$name";
        1 while $p =~ s{(^|/)(?!\.\./)[^/]+/\.\./}{$1};
        return $p if -e $p;
    }
    return undef;
}

my $checked = 0;
for my $f (@files) {
    for my $inc (includes($f)) {
        my ($kind, $name, $line) = @$inc;
        my $where = "$f:$line #include $kind$name";
        next if $name eq 'config.h';

        if ($f =~ m{^crypto/include/}) {
            ok($kind eq '<' ? $name =~ /^std(?:def|int)\.h$/
                            : $name =~ /^duet\w*\.h$/,
               "$where: public headers include only stddef/stdint/duet*");
        } elsif ($f =~ m{^crypto/src/(\w+)/}) {
            my $area = $1;
            if ($kind eq '<') {
                ok($name !~ $foreign
                   || ($area eq 'chain' && $name =~ m{^json-c/}),
                   "$where: crypto/ stays off higher libraries");
                next;
            }
            my $p = resolve($f, $name, 'crypto/src', 'crypto/include');
            ok(defined $p, "$where: resolves inside crypto/") or next;
            if ($p =~ m{^crypto/src/(\w+)/}) {
                my $to = $1;
                ok(exists $rank{$area} && exists $rank{$to}
                   && ($to eq $area || $rank{$to} < $rank{$area}),
                   "$where: $area may include $to");
            } else {
                ok($p =~ m{^crypto/include/}, "$where: stays in crypto/");
            }
        } elsif ($f =~ m{^(fcgi_app|cli)/}) {
            next if $kind eq '<' && $name !~ m{crypto/};
            my $p = $kind eq '"'
                ? resolve($f, $name, $1, 'crypto/include') : undef;
            ok(($kind eq '"' && defined $p && $p !~ m{^crypto/src/})
               && $name !~ m{crypto/src},
               "$where: libduet only through crypto/include");
        } elsif ($f =~ m{^ngx_module/duet_\w+\.[ch]$}) {
            ok($kind eq '<' ? $name =~ m{^(?:[a-z]+|openssl/\w+|jansson)\.h$}
                              && $name !~ /^ngx_/
                            : $name =~ /^duet_jwt\.h$/,
               "$where: the verifier uses libc, jansson and OpenSSL only");
        } elsif ($f =~ m{^ngx_module/}) {
            ok($kind eq '<' ? $name =~ m{^(?:ngx_\w+|openssl/\w+)\.h$}
                            : $name =~ /^(?:ngx_http_duet_\w+|duet_jwt)\.h$/,
               "$where: the nginx module includes nginx and OpenSSL only");
        }
        $checked++;
    }
}

# The build must not hand fcgi_app/ or cli/ the internal include path.
for my $frag (qw(fcgi_app/Makefile.am.include cli/Makefile.am.include)) {
    my $text = do { local (@ARGV, $/) = $frag; <> };
    unlike($text, qr{crypto/src}, "$frag: no -I into crypto/src");
}

ok($checked > 10, "checked $checked include lines");
done_testing();
