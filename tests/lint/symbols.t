#!/usr/bin/perl
# The deterministic test RNG exists only in the test build of libduet:
# production archives and programs must not contain it at all, so no
# configuration can switch a production duetd to predictable randomness.

use strict;
use warnings;

use Test::More;

my $b = $ENV{top_builddir} // '.';
my %lib = (prod => "$b/crypto/libduet.a", test => "$b/crypto/libduet-test.a");
for (values %lib) {
    plan skip_all => "$_ not built" unless -f $_;
}

sub defined_symbols {
    my ($file) = @_;
    my @syms = map { (split)[-1] } grep { /\s[TDBR]\s/ } qx{nm -g "$file" 2>/dev/null};
    return @syms;
}

my @prod = defined_symbols($lib{prod});
my @test = defined_symbols($lib{test});
ok(@prod > 5, 'production libduet.a exports symbols (' . scalar(@prod) . ')');
ok((grep { /^duet_rand_test_/ } @test), 'the test build has the test RNG');
is_deeply([grep { /^duet_rand_test_/ } @prod], [],
          'the production build has no test RNG');

for my $prog ("$b/fcgi_app/duetd", "$b/cli/duet") {
    next unless -x $prog;
    my @bad = grep { /duet_rand_test_/ } qx{nm "$prog" 2>/dev/null};
    is_deeply(\@bad, [], "$prog has no test RNG");
}

# Everything libduet exports carries the project prefix.  Names starting
# with "__" belong to the compiler (e.g. ASan's __odr_asan.* markers).
is_deeply([grep { !/^duet_/ && !/^__/ } @prod], [],
          'libduet.a defines only duet_-prefixed global symbols');

done_testing();
