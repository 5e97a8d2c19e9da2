# tools/bad_inputs_forge.sh: sourced by tools/bad_inputs.sh (needs its $bin and $tmp). Takes
# a real replay token from the binary and derives the damaged and forged ones the cases use
# (valid checksums, edited schedules), so that they follow the current token format.
# --- replay tokens, derived from a real one so that they follow the current format ----------
token=$("$bin" run --check ksm --writer zap-v6.5 2>/dev/null | sed -n 's/.*foliocheck replay \(fc1\.[A-Za-z0-9_-]*\.[0-9a-f]*\).*/\1/p' | head -1)
[ -n "$token" ] || { echo "bad_inputs.sh: 'run --check ksm --writer zap-v6.5' printed no replay token" >&2; exit 2; }
b64url_decode() {  # base64url without padding -> bytes
    local s=${1//-/+}; s=${s//_//}
    while [ $(( ${#s} % 4 )) -ne 0 ]; do s+="="; done
    printf '%s' "$s" | base64 -d
}
b64url_encode() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
crc32_of() {  # crc32 of a file, as 8 hex digits: the first 4 bytes of gzip's trailer, little-endian
    local b; b=$(gzip -c <"$1" | tail -c8 | head -c4 | od -An -tx1 | tr -d ' \n')
    printf '%s' "${b:6:2}${b:4:2}${b:2:2}${b:0:2}"
}
forge() {  # payload file -> a token with a correct checksum
    printf 'fc1.%s.%s' "$(b64url_encode <"$1")" "$(crc32_of "$1")"
}
mid=${token#fc1.}; mid=${mid%.*}
b64url_decode "$mid" >"$tmp/payload"
[ "$(forge "$tmp/payload")" = "$token" ] || { echo "bad_inputs.sh: cannot re-forge the token (base64/gzip?)" >&2; exit 2; }
version=$(head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | cut -d'|' -f2)
# The same scenario from a version that is not this one.
{ head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | tr -d '\n' | sed "s/^fc1|$version|/fc1|0.0.1|/"
  printf '\0'; tail -c +"$(( $(head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | wc -c) + 1 ))" "$tmp/payload"; } >"$tmp/foreign"
foreign=$(forge "$tmp/foreign")
# A schedule whose length field overflows 2 + 3n (n = (2^64 + 2) / 3): used to read past the end.
{ head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | tr -d '\n'
  printf '\0\x01\xd6\xaa\xd5\xaa\xd5\xaa\xd5\xaa\x55\x02\x00'; } >"$tmp/overflow"
overflow=$(forge "$tmp/overflow")
# Forged schedules: the token's own schedule with entries changed, re-checksummed.
hdr=$(head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1)
read -r -a bytes <<<"$(tail -c +$(( ${#hdr} + 2 )) "$tmp/payload" | od -An -tu1 -v | tr -s ' \n' '  ')"
nums=(); v=0; sh=0
for b in "${bytes[@]}"; do v=$(( v | ((b & 127) << sh) )); sh=$((sh + 7)); if (( b < 128 )); then nums+=("$v"); v=0; sh=0; fi; done
varints() { local n b; for n; do while :; do b=$((n & 127)); n=$((n >> 7)); if ((n)); then printf "\\x$(printf %02x $((b | 128)))"; else printf "\\x$(printf %02x $b)"; break; fi; done; done; }
forge_state() {  # schedule numbers -> a token of the same scenario with that schedule
    { printf '%s' "$hdr"; printf '\0'; varints "$@"; } >"$tmp/forged"
    forge "$tmp/forged"
}
n_entries=${nums[1]}
rest=("${nums[@]:2}")
f_64=$(forge_state "${nums[0]}" "$n_entries" 64 63 0 "${rest[@]:3}")
f_3cpu=$(forge_state "${nums[0]}" "$n_entries" "${rest[@]:0:3}" 3 2 0 "${rest[@]:6}")
f_empty=$(forge_state "${nums[0]}" 0)
f_short=$(forge_state "${nums[0]}" $((n_entries - 1)) "${rest[@]:0:$(( ${#rest[@]} - 3 ))}")
f_padded=$(forge_state "${nums[0]}" $((n_entries + 1)) "${rest[@]}" 2 0 0)
f_flipped=$(forge_state "${nums[0]}" "$n_entries" "${rest[0]}" $(( (rest[1] + 1) % rest[0] )) "${rest[@]:2}")
f_kind=$(forge_state "${nums[0]}" "$n_entries" "${rest[@]:0:2}" 9 "${rest[@]:3}")
truncated=${token:0:$(( ${#token} - 12 ))}
altered=${token:0:20}$( [ "${token:20:1}" = A ] && echo B || echo A )${token:21}
