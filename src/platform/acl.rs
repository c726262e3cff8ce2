//! The Windows rules of [`super::access`]: SIDs, DACLs in their binary layout, and the verdicts
//! "private", "others can read", "others can write" and "owned by someone else" for them.
//!
//! Pure. Only Windows code uses it, but it is compiled on every platform so that the rules are
//! unit-tested on Linux and macOS too (the binary layout is Windows' documented one; see
//! [`parse_acl`] and [`private_acl`]).
//!
//! A file's DACL (discretionary ACL) lists who may do what. [`acl_verdict`] reads it like this:
//!
//! 1. A missing (NULL) DACL lets everyone do everything: others can write.
//! 2. Only access-allowed entries count, and only those that apply to the object itself (not
//!    inherit-only ones, which are templates for new children). Deny entries are ignored, so
//!    the verdict can only err towards "not private".
//! 3. Entries for the current user, SYSTEM (`S-1-5-18`) and Administrators (`S-1-5-32-544`) are
//!    not "others": Windows' own profile folders grant those three full control, and SYSTEM
//!    and an elevated administrator can take any file anyway, as root can on unix. CREATOR
//!    OWNER and CREATOR GROUP only shape inherited entries; OWNER RIGHTS stands for the owner.
//! 4. An entry for anyone else with a write right (write or append data, add files or folders,
//!    delete, delete children, change the DACL or the owner, generic write or all) means others
//!    can write; with read data (list a folder), generic read or generic all, others can read.
//! 5. An owner other than the user, SYSTEM or Administrators can always change the DACL: others
//!    can write.
//!
//! Ownership ([`sid_owner`]): a file is the user's when its owner is the token's user or the
//! token's default owner for new files (Administrators, for an elevated administrator under
//! some policies); SYSTEM and Administrators are [`Owner::Admin`], which Windows trusts like
//! the user ([`Owner::not_ours`]).

use std::fmt;

use super::access::{Others, Owner, Verdict};

/// A Windows security identifier in its binary form (`S-1-5-21-…`), compared byte for byte.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Sid(Vec<u8>);

impl Sid {
    /// Reads a SID from the front of `bytes`: revision 1, a sub-authority count of at most 15,
    /// a 48-bit authority and that many 32-bit sub-authorities. Returns it and its length.
    pub(crate) fn parse(bytes: &[u8]) -> Option<(Sid, usize)> {
        let (&revision, &count) = (bytes.first()?, bytes.get(1)?);
        if revision != 1 || count > 15 {
            return None;
        }
        let len = 8 + 4 * usize::from(count);
        Some((Sid(bytes.get(..len)?.to_vec()), len))
    }

    /// The SID `S-1-{authority}-{subs…}`.
    pub(crate) fn new(authority: u64, subs: &[u32]) -> Sid {
        let mut bytes = vec![1, u8::try_from(subs.len()).unwrap_or(15).min(15)];
        bytes.extend_from_slice(&authority.to_be_bytes()[2..]);
        for sub in subs.iter().take(15) {
            bytes.extend_from_slice(&sub.to_le_bytes());
        }
        Sid(bytes)
    }

    /// `LocalSystem` (`S-1-5-18`).
    pub(crate) fn system() -> Sid {
        Sid::new(5, &[18])
    }

    /// `BUILTIN\Administrators` (`S-1-5-32-544`).
    pub(crate) fn administrators() -> Sid {
        Sid::new(5, &[32, 544])
    }

    /// `Everyone` (`S-1-1-0`).
    pub(crate) fn everyone() -> Sid {
        Sid::new(1, &[0])
    }

    /// The binary form (what Windows' `PSID` points to).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn authority(&self) -> u64 {
        self.0[2..8]
            .iter()
            .fold(0, |acc, &b| (acc << 8) | u64::from(b))
    }

    fn subs(&self) -> impl Iterator<Item = u32> + '_ {
        self.0[8..]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// The names of the SIDs that mean the same on every Windows machine.
    pub(crate) fn well_known_name(&self) -> Option<&'static str> {
        let subs: Vec<u32> = self.subs().collect();
        Some(match (self.authority(), subs.as_slice()) {
            (1, [0]) => "Everyone",
            (3, [0]) => "CREATOR OWNER",
            (3, [1]) => "CREATOR GROUP",
            (3, [4]) => "OWNER RIGHTS",
            (5, [4]) => "NT AUTHORITY\\INTERACTIVE",
            (5, [11]) => "NT AUTHORITY\\Authenticated Users",
            (5, [18]) => "NT AUTHORITY\\SYSTEM",
            (5, [32, 544]) => "BUILTIN\\Administrators",
            (5, [32, 545]) => "BUILTIN\\Users",
            (5, [32, 546]) => "BUILTIN\\Guests",
            _ => return None,
        })
    }

    fn is(&self, authority: u64, subs: &[u32]) -> bool {
        self.authority() == authority && self.subs().eq(subs.iter().copied())
    }
}

impl fmt::Display for Sid {
    /// `S-1-5-21-1-2-3-1001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S-{}-{}", self.0[0], self.authority())?;
        for sub in self.subs() {
            write!(f, "-{sub}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sid({self})")
    }
}

/// One entry of a Windows DACL, as [`acl_verdict`] needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AceSummary {
    /// An access-allowed entry (else access-denied).
    pub allow: bool,
    /// The entry's flags (`INHERIT_ONLY_ACE` = 0x08, `INHERITED_ACE` = 0x10, …).
    pub flags: u8,
    /// The access mask.
    pub mask: u32,
    /// Whom it is for.
    pub sid: Sid,
}

/// `INHERIT_ONLY_ACE`: the entry applies to new children only, not to the object.
pub(crate) const INHERIT_ONLY_ACE: u8 = 0x08;

/// Rights that read a file's data or list a folder: `FILE_READ_DATA`, `GENERIC_ALL`,
/// `GENERIC_READ`.
const READ_RIGHTS: u32 = 0x0000_0001 | 0x1000_0000 | 0x8000_0000;
/// Rights that change a file, or a folder's entries: `FILE_WRITE_DATA` (add file),
/// `FILE_APPEND_DATA` (add subfolder), `FILE_DELETE_CHILD`, `DELETE`, `WRITE_DAC`,
/// `WRITE_OWNER`, `GENERIC_ALL`, `GENERIC_WRITE`.
const WRITE_RIGHTS: u32 = 0x0000_0002
    | 0x0000_0004
    | 0x0000_0040
    | 0x0001_0000
    | 0x0004_0000
    | 0x0008_0000
    | 0x1000_0000
    | 0x4000_0000;

/// The SIDs whose access does not make a file "not private": the user, SYSTEM, Administrators.
pub(crate) fn is_trusted(sid: &Sid, me: &Sid) -> bool {
    sid == me || sid.is(5, &[18]) || sid.is(5, &[32, 544])
}

/// The owner verdict for a Windows owner SID. `mine`: the user's SID and the token's default
/// owner for new objects (an elevated administrator's new files are owned by Administrators).
pub(crate) fn sid_owner(owner: &Sid, mine: &[Sid], name: Option<String>) -> Owner {
    if mine.contains(owner) {
        Owner::Me
    } else if owner.is(5, &[18]) || owner.is(5, &[32, 544]) {
        Owner::Admin(describe(owner, None))
    } else {
        Owner::Other(describe(owner, name))
    }
}

/// `DOMAIN\name (S-1-…)`, or the SID alone when it has no known name.
fn describe(sid: &Sid, name: Option<String>) -> String {
    match name.as_deref().or(sid.well_known_name()) {
        Some(name) => format!("{name} ({sid})"),
        None => sid.to_string(),
    }
}

/// The Windows verdict for a file or folder owned by `owner` with the DACL `entries` (`None`: a
/// NULL DACL), for the user `me`; see the module docs for the rules.
pub(crate) fn acl_verdict(owner: &Sid, entries: Option<&[AceSummary]>, me: &Sid) -> Verdict {
    let Some(entries) = entries else {
        return Verdict::OthersWrite(account(Sid::everyone()));
    };
    if !is_trusted(owner, me) {
        return Verdict::OthersWrite(account(owner.clone()));
    }
    let mut reader = None;
    for entry in entries {
        if !entry.allow || entry.flags & INHERIT_ONLY_ACE != 0 {
            continue;
        }
        let sid = &entry.sid;
        let placeholder = sid.is(3, &[0]) || sid.is(3, &[1]) || sid.is(3, &[4]);
        if is_trusted(sid, me) || placeholder {
            continue;
        }
        if entry.mask & WRITE_RIGHTS != 0 {
            return Verdict::OthersWrite(account(sid.clone()));
        }
        if entry.mask & READ_RIGHTS != 0 && reader.is_none() {
            reader = Some(sid.clone());
        }
    }
    match reader {
        Some(sid) => Verdict::OthersRead(account(sid)),
        None => Verdict::Private,
    }
}

fn account(sid: Sid) -> Others {
    Others::Account { sid, name: None }
}

/// Reads the entries of a Windows ACL in its binary form (an 8-byte header with the size and
/// the entry count, then the entries). Access-allowed and access-denied entries, with or
/// without a callback condition, and object entries are summarised; audit and other entries
/// (none belong in a DACL) are skipped. `None` when the bytes are not a well-formed ACL.
pub(crate) fn parse_acl(bytes: &[u8]) -> Option<Vec<AceSummary>> {
    let u16_at = |b: &[u8], at: usize| Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]));
    let u32_at = |b: &[u8], at: usize| {
        Some(u32::from_le_bytes([
            *b.get(at)?,
            *b.get(at + 1)?,
            *b.get(at + 2)?,
            *b.get(at + 3)?,
        ]))
    };
    let size = usize::from(u16_at(bytes, 2)?);
    let count = u16_at(bytes, 4)?;
    let acl = bytes.get(..size)?;
    let mut at = 8;
    let mut out = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let ace_size = usize::from(u16_at(acl, at + 2)?);
        let ace = acl.get(at..at + ace_size)?;
        let (kind, flags) = (*ace.first()?, *ace.get(1)?);
        let mask = u32_at(ace, 4)?;
        // ACCESS_ALLOWED(_CALLBACK)_ACE and ACCESS_DENIED(_CALLBACK)_ACE: the SID at offset 8.
        // The object kinds carry a flags word and up to two GUIDs before it.
        let entry = match kind {
            0 | 9 => Some((true, 8)),
            1 | 10 => Some((false, 8)),
            5 | 11 | 6 | 12 => {
                let object_flags = u32_at(ace, 8)?;
                let guids = (object_flags & 1).count_ones() + (object_flags & 2).count_ones();
                Some((kind == 5 || kind == 11, 12 + 16 * guids as usize))
            }
            _ => None,
        };
        if let Some((allow, sid_at)) = entry {
            let (sid, _) = Sid::parse(ace.get(sid_at..)?)?;
            out.push(AceSummary {
                allow,
                flags,
                mask,
                sid,
            });
        }
        at += ace_size.max(4);
    }
    Some(out)
}

/// `FILE_ALL_ACCESS`: full control of a file or folder.
pub(crate) const FILE_ALL_ACCESS: u32 = 0x001F_01FF;
/// `OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE`: files and folders created inside inherit it.
const INHERITED_BY_CHILDREN: u8 = 0x01 | 0x02;

/// The DACL awsso gives its private files and folders on Windows, in binary form: full control
/// for the user, SYSTEM and Administrators (what Windows gives a profile folder), nothing else;
/// for a folder (`dir`) each entry is inherited by what is created inside. The caller marks it
/// protected, so no entry is inherited from above.
pub(crate) fn private_acl(me: &Sid, dir: bool) -> Vec<u8> {
    let mut sids = vec![me.clone()];
    for sid in [Sid::system(), Sid::administrators()] {
        if !sids.contains(&sid) {
            sids.push(sid);
        }
    }
    let flags = if dir { INHERITED_BY_CHILDREN } else { 0 };
    let entries: Vec<AceSummary> = sids
        .into_iter()
        .map(|sid| AceSummary {
            allow: true,
            flags,
            mask: FILE_ALL_ACCESS,
            sid,
        })
        .collect();
    build_acl(&entries)
}

/// A binary ACL of access-allowed and access-denied `entries`, in order: an 8-byte header
/// (revision 2, size, count), then per entry its type (0 allowed, 1 denied), flags, size and
/// mask, followed by the SID.
pub(crate) fn build_acl(entries: &[AceSummary]) -> Vec<u8> {
    let mut body = Vec::new();
    for entry in entries {
        let size = 8 + entry.sid.as_bytes().len();
        body.extend_from_slice(&[u8::from(!entry.allow), entry.flags]);
        body.extend_from_slice(&u16::try_from(size).unwrap_or(u16::MAX).to_le_bytes());
        body.extend_from_slice(&entry.mask.to_le_bytes());
        body.extend_from_slice(entry.sid.as_bytes());
    }
    let mut acl = vec![2, 0];
    let size = u16::try_from(8 + body.len()).unwrap_or(u16::MAX);
    acl.extend_from_slice(&size.to_le_bytes());
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    acl.extend_from_slice(&count.to_le_bytes());
    acl.extend_from_slice(&[0, 0]);
    acl.extend(body);
    acl
}

/// `INHERITED_ACE`: the entry was inherited from the parent folder.
const INHERITED_ACE: u8 = 0x10;

/// The explicit entries of a binary ACL (those not inherited from the parent folder), as a new
/// binary ACL: what to give a replacement file so that Windows, adding the folder's inheritable
/// entries again, ends with the ACL the old file had. `None` for a malformed ACL.
pub(crate) fn explicit_entries(acl: &[u8]) -> Option<Vec<u8>> {
    parse_acl(acl)?;
    let count = u16::from_le_bytes([acl[4], acl[5]]);
    let mut at = 8;
    let mut body = Vec::new();
    let mut kept = 0u16;
    for _ in 0..count {
        let size = usize::from(u16::from_le_bytes([acl[at + 2], acl[at + 3]]));
        if acl[at + 1] & INHERITED_ACE == 0 {
            body.extend_from_slice(&acl[at..at + size]);
            kept += 1;
        }
        at += size.max(4);
    }
    let mut out = vec![acl[0], 0];
    out.extend_from_slice(&u16::try_from(8 + body.len()).ok()?.to_le_bytes());
    out.extend_from_slice(&kept.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend(body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> Sid {
        Sid::new(5, &[21, 1_111, 2_222, 3_333, 1001])
    }

    fn allow(sid: Sid, mask: u32) -> AceSummary {
        AceSummary {
            allow: true,
            flags: 0,
            mask,
            sid,
        }
    }

    /// FILE_ALL_ACCESS, FILE_GENERIC_READ | FILE_GENERIC_EXECUTE, FILE_GENERIC_WRITE.
    const FULL: u32 = 0x001F_01FF;
    const READ_EXECUTE: u32 = 0x0012_00A9;
    const MODIFY: u32 = 0x0013_01BF;

    #[test]
    fn sids_format_and_parse() {
        let sid = user();
        assert_eq!(sid.to_string(), "S-1-5-21-1111-2222-3333-1001");
        let mut bytes = sid.as_bytes().to_vec();
        bytes.extend_from_slice(&[9, 9]);
        assert_eq!(Sid::parse(&bytes), Some((sid.clone(), bytes.len() - 2)));
        assert_eq!(Sid::parse(&bytes[..10]), None);
        assert_eq!(Sid::parse(&[2, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(Sid::system().to_string(), "S-1-5-18");
        assert_eq!(Sid::administrators().to_string(), "S-1-5-32-544");
        assert_eq!(Sid::everyone().well_known_name(), Some("Everyone"));
        assert_eq!(sid.well_known_name(), None);
        let users = Others::Account {
            sid: Sid::new(5, &[32, 545]),
            name: None,
        };
        assert_eq!(
            users.to_string(),
            "an entry for BUILTIN\\Users (S-1-5-32-545)"
        );
    }

    #[test]
    fn profile_folder_acl_is_private() {
        // What Windows gives C:\Users\NAME and everything created under it, and what awsso
        // writes for its own files.
        let me = user();
        let entries = [
            allow(Sid::system(), FULL),
            allow(Sid::administrators(), FULL),
            allow(me.clone(), FULL),
        ];
        assert_eq!(acl_verdict(&me, Some(&entries), &me), Verdict::Private);
        // What `icacls FILE /inheritance:r /grant:r "%USERNAME%:F"` leaves.
        assert_eq!(
            acl_verdict(&me, Some(&[allow(me.clone(), FULL)]), &me),
            Verdict::Private
        );
        // Owned by Administrators (written from an elevated prompt): still trusted.
        assert_eq!(
            acl_verdict(&Sid::administrators(), Some(&entries), &me),
            Verdict::Private
        );
        assert_eq!(acl_verdict(&me, Some(&[]), &me), Verdict::Private);
    }

    #[test]
    fn acl_entries_for_others() {
        let me = user();
        let users = Sid::new(5, &[32, 545]);
        let read = [allow(me.clone(), FULL), allow(users.clone(), READ_EXECUTE)];
        assert_eq!(
            acl_verdict(&me, Some(&read), &me),
            Verdict::OthersRead(account(users.clone()))
        );
        let write = [
            allow(me.clone(), FULL),
            allow(users.clone(), READ_EXECUTE),
            allow(Sid::new(5, &[11]), MODIFY),
        ];
        assert_eq!(
            acl_verdict(&me, Some(&write), &me),
            Verdict::OthersWrite(account(Sid::new(5, &[11])))
        );
        // GENERIC_ALL, and WRITE_DAC alone, are writes too.
        assert!(acl_verdict(&me, Some(&[allow(users.clone(), 0x1000_0000)]), &me).others_write());
        assert!(acl_verdict(&me, Some(&[allow(users.clone(), 0x0004_0000)]), &me).others_write());
        // Reading attributes or the ACL only is not reading the file.
        assert_eq!(
            acl_verdict(&me, Some(&[allow(users.clone(), 0x0002_0080)]), &me),
            Verdict::Private
        );
        // A NULL DACL lets everyone in.
        assert_eq!(
            acl_verdict(&me, None, &me),
            Verdict::OthersWrite(account(Sid::everyone()))
        );
    }

    #[test]
    fn inherit_only_deny_and_placeholder_entries() {
        let me = user();
        let everyone = Sid::everyone();
        let inherit_only = AceSummary {
            flags: INHERIT_ONLY_ACE,
            ..allow(everyone.clone(), FULL)
        };
        let deny = AceSummary {
            allow: false,
            ..allow(everyone.clone(), FULL)
        };
        let creator_owner = AceSummary {
            flags: INHERIT_ONLY_ACE | 0x03,
            ..allow(Sid::new(3, &[0]), FULL)
        };
        assert_eq!(
            acl_verdict(&me, Some(&[inherit_only, deny.clone(), creator_owner]), &me),
            Verdict::Private
        );
        // A deny entry never makes an allow entry harmless here: the verdict errs towards
        // "not private".
        assert!(acl_verdict(&me, Some(&[deny, allow(everyone, FULL)]), &me).others_write());
    }

    #[test]
    fn owned_by_someone_else() {
        let me = user();
        let eve = Sid::new(5, &[21, 1_111, 2_222, 3_333, 1002]);
        assert_eq!(
            acl_verdict(&eve, Some(&[allow(me.clone(), FULL)]), &me),
            Verdict::OthersWrite(account(eve.clone()))
        );
        let mine = [me.clone(), Sid::administrators()];
        assert_eq!(sid_owner(&me, &mine, None), Owner::Me);
        assert_eq!(sid_owner(&Sid::administrators(), &mine, None), Owner::Me);
        assert_eq!(
            sid_owner(&Sid::system(), &mine, None),
            Owner::Admin("NT AUTHORITY\\SYSTEM (S-1-5-18)".into())
        );
        assert_eq!(
            sid_owner(&eve, &mine, Some("CORP\\eve".into())),
            Owner::Other("CORP\\eve (S-1-5-21-1111-2222-3333-1002)".into())
        );
        assert_eq!(
            sid_owner(&eve, &mine[..1], None),
            Owner::Other("S-1-5-21-1111-2222-3333-1002".into())
        );
    }

    /// An ACL in Windows' binary layout, as `GetSecurityInfo` returns it.
    fn acl_bytes(aces: &[(u8, u8, u32, &Sid)]) -> Vec<u8> {
        let mut body = Vec::new();
        for (kind, flags, mask, sid) in aces {
            let size = 8 + sid.as_bytes().len();
            body.extend_from_slice(&[*kind, *flags]);
            body.extend_from_slice(&(size as u16).to_le_bytes());
            body.extend_from_slice(&mask.to_le_bytes());
            body.extend_from_slice(sid.as_bytes());
        }
        let mut out = vec![2, 0];
        out.extend_from_slice(&((8 + body.len()) as u16).to_le_bytes());
        out.extend_from_slice(&(aces.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend(body);
        out
    }

    #[test]
    fn acls_parse_from_their_binary_form() {
        let me = user();
        let users = Sid::new(5, &[32, 545]);
        let bytes = acl_bytes(&[
            (1, 0, FULL, &Sid::everyone()),
            (0, 0x13, FULL, &me),
            (0, 0x10, READ_EXECUTE, &users),
            (2, 0, FULL, &users), // a system-audit entry: not in a DACL, skipped
        ]);
        let entries = parse_acl(&bytes).unwrap();
        assert_eq!(
            entries,
            vec![
                AceSummary {
                    allow: false,
                    flags: 0,
                    mask: FULL,
                    sid: Sid::everyone()
                },
                AceSummary {
                    allow: true,
                    flags: 0x13,
                    mask: FULL,
                    sid: me.clone()
                },
                AceSummary {
                    allow: true,
                    flags: 0x10,
                    mask: READ_EXECUTE,
                    sid: users.clone()
                },
            ]
        );
        assert_eq!(
            acl_verdict(&me, Some(&entries), &me),
            Verdict::OthersRead(account(users))
        );
        // Truncated or lying about its size: not an ACL.
        assert_eq!(parse_acl(&bytes[..bytes.len() - 1]), None);
        let mut lying = bytes.clone();
        lying[4] = 9;
        assert_eq!(parse_acl(&lying), None);
        assert_eq!(parse_acl(&acl_bytes(&[])), Some(vec![]));
    }

    #[test]
    fn the_acl_awsso_writes_is_private() {
        let me = user();
        for dir in [false, true] {
            let bytes = private_acl(&me, dir);
            let entries = parse_acl(&bytes).unwrap();
            let sids: Vec<String> = entries.iter().map(|e| e.sid.to_string()).collect();
            assert_eq!(
                sids,
                [me.to_string(), "S-1-5-18".into(), "S-1-5-32-544".into()]
            );
            assert!(entries.iter().all(|e| e.allow && e.mask == FILE_ALL_ACCESS));
            let flags = if dir { 0x03 } else { 0 };
            assert!(entries.iter().all(|e| e.flags == flags));
            assert_eq!(acl_verdict(&me, Some(&entries), &me), Verdict::Private);
        }
        // Running as SYSTEM (a service): one entry for it, not two.
        assert_eq!(
            parse_acl(&private_acl(&Sid::system(), false))
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn explicit_entries_drop_the_inherited_ones() {
        let me = user();
        let users = Sid::new(5, &[32, 545]);
        let bytes = acl_bytes(&[
            (0, 0x00, FULL, &me),
            (0, 0x10, FULL, &Sid::system()),
            (1, 0x00, FULL, &Sid::everyone()),
            (0, 0x13, READ_EXECUTE, &users),
        ]);
        let explicit = explicit_entries(&bytes).unwrap();
        assert_eq!(
            explicit,
            acl_bytes(&[(0, 0x00, FULL, &me), (1, 0x00, FULL, &Sid::everyone())])
        );
        assert_eq!(explicit_entries(&bytes[..9]), None);
    }

    #[test]
    fn built_acls_parse_back() {
        let entries = vec![
            AceSummary {
                allow: false,
                flags: 0,
                mask: MODIFY,
                sid: Sid::everyone(),
            },
            allow(user(), FULL),
        ];
        assert_eq!(parse_acl(&build_acl(&entries)), Some(entries));
        assert_eq!(build_acl(&[]), acl_bytes(&[]));
    }
}
