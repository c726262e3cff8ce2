//! The Windows system calls behind the file rules, each wrapped in a safe function: the process
//! token's SIDs, reading a file's owner and DACL, setting a DACL, creating files and folders with
//! a security descriptor from the start, the kind of an open handle, and account names.
//!
//! I/O. Every `unsafe` block of the Windows side of [`crate::platform`] is here. ACLs cross this
//! boundary as bytes in Windows' binary layout, built and read by the pure
//! [`super::acl`] (so the layout is tested on every platform).

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::{AsRawHandle, FromRawHandle};
use std::path::Path;
use std::ptr::null_mut;

use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_INSUFFICIENT_BUFFER, ERROR_SUCCESS, GENERIC_READ, GENERIC_WRITE, HANDLE,
    INVALID_HANDLE_VALUE, LocalFree,
};
use windows_sys::Win32::Security::Authorization::{
    GetNamedSecurityInfoW, GetSecurityInfo, SE_FILE_OBJECT, SetNamedSecurityInfoW, SetSecurityInfo,
};
use windows_sys::Win32::Security::{
    ACL, DACL_SECURITY_INFORMATION, GetLengthSid, GetSecurityDescriptorControl,
    GetTokenInformation, InitializeSecurityDescriptor, IsValidAcl, IsValidSid, LookupAccountSidW,
    OWNER_SECURITY_INFORMATION, PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID,
    SE_DACL_PROTECTED, SECURITY_ATTRIBUTES, SECURITY_DESCRIPTOR, SID_NAME_USE,
    SetSecurityDescriptorControl, SetSecurityDescriptorDacl, TOKEN_OWNER, TOKEN_QUERY, TOKEN_USER,
    TokenOwner, TokenUser, UNPROTECTED_DACL_SECURITY_INFORMATION,
};
use windows_sys::Win32::Storage::FileSystem::{
    CREATE_NEW, CreateDirectoryW, CreateFileW, DELETE, FILE_ATTRIBUTE_NORMAL, FILE_SHARE_DELETE,
    FILE_SHARE_READ, FILE_SHARE_WRITE, GetFileType, READ_CONTROL, WRITE_DAC,
};
use windows_sys::Win32::System::SystemServices::SECURITY_DESCRIPTOR_REVISION;
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

use super::acl::Sid;

/// A path as a NUL-terminated UTF-16 string.
fn wide(path: &Path) -> Vec<u16> {
    OsStr::new(path).encode_wide().chain(Some(0)).collect()
}

/// A Win32 return code as a `Result`.
fn check(code: u32) -> io::Result<()> {
    if code == ERROR_SUCCESS {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(code as i32))
    }
}

/// A BOOL-returning call's result, with `GetLastError` on failure.
fn check_bool(ok: i32) -> io::Result<()> {
    if ok != 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Copies the SID at `sid` (which Windows owns) into a [`Sid`].
///
/// # Safety
/// `sid` must be null or point to memory Windows returned as a SID, alive for the call.
unsafe fn copy_sid(sid: PSID) -> io::Result<Sid> {
    // SAFETY: the caller guarantees `sid` is null or a SID Windows returned; IsValidSid checks
    // its structure before GetLengthSid reads its length, and the slice covers exactly it.
    let bytes = unsafe {
        if sid.is_null() || IsValidSid(sid) == 0 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "invalid SID"));
        }
        std::slice::from_raw_parts(sid.cast::<u8>(), GetLengthSid(sid) as usize)
    };
    Sid::parse(bytes)
        .map(|(sid, _)| sid)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "invalid SID"))
}

/// A handle closed when dropped.
struct OwnedHandle(HANDLE);

impl Drop for OwnedHandle {
    fn drop(&mut self) {
        // SAFETY: the handle was opened by us and is closed once.
        unsafe { CloseHandle(self.0) };
    }
}

/// Memory Windows allocated with `LocalAlloc` (a security descriptor), freed when dropped.
struct LocalMemory(PSECURITY_DESCRIPTOR);

impl Drop for LocalMemory {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer came from GetSecurityInfo / GetNamedSecurityInfoW, which
            // document LocalFree as its release, and is freed once.
            unsafe { LocalFree(self.0) };
        }
    }
}

/// One `GetTokenInformation` class of the current process token, in an 8-byte-aligned buffer.
fn token_information(token: HANDLE, class: i32) -> io::Result<Vec<u64>> {
    let mut len = 0u32;
    // SAFETY: a null buffer of length 0 asks for the needed length, written to `len`.
    let ok = unsafe { GetTokenInformation(token, class, null_mut(), 0, &mut len) };
    if ok == 0 {
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(ERROR_INSUFFICIENT_BUFFER as i32) {
            return Err(e);
        }
    }
    let mut buf = vec![0u64; (len as usize).div_ceil(8)];
    // SAFETY: `buf` holds at least `len` bytes, suitably aligned for the token structures.
    check_bool(unsafe {
        GetTokenInformation(token, class, buf.as_mut_ptr().cast(), len, &mut len)
    })?;
    Ok(buf)
}

/// The current process token's user SID and its default owner for new objects.
pub(super) fn token_user_and_owner() -> io::Result<(Sid, Sid)> {
    let mut token: HANDLE = null_mut();
    // SAFETY: GetCurrentProcess returns a pseudo-handle that needs no closing; `token` is a
    // valid out-parameter.
    check_bool(unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) })?;
    let token = OwnedHandle(token);
    let user = token_information(token.0, TokenUser)?;
    let owner = token_information(token.0, TokenOwner)?;
    // SAFETY: GetTokenInformation filled the buffers with a TOKEN_USER and a TOKEN_OWNER whose
    // SID pointers point into the same buffers, which are alive here.
    unsafe {
        let user = copy_sid((*user.as_ptr().cast::<TOKEN_USER>()).User.Sid)?;
        let owner = copy_sid((*owner.as_ptr().cast::<TOKEN_OWNER>()).Owner)?;
        Ok((user, owner))
    }
}

/// A file's owner and DACL, copied out of its security descriptor.
#[derive(Debug, Clone)]
pub(super) struct SecurityInfo {
    /// The owner.
    pub owner: Sid,
    /// The DACL in binary form; `None` for a NULL DACL (everyone may do anything).
    pub dacl: Option<Vec<u8>>,
    /// Whether the DACL is protected (inherits nothing from the parent folder).
    pub protected: bool,
}

/// Copies the owner and DACL out of a descriptor Windows returned, then frees it.
///
/// # Safety
/// `owner` and `dacl` must be the pointers the same Get*SecurityInfo call returned into `sd`.
unsafe fn copy_security(sd: LocalMemory, owner: PSID, dacl: *mut ACL) -> io::Result<SecurityInfo> {
    let mut control = 0u16;
    let mut revision = 0u32;
    // SAFETY: `sd` is the descriptor Windows returned; the out-parameters are valid.
    check_bool(unsafe { GetSecurityDescriptorControl(sd.0, &mut control, &mut revision) })?;
    // SAFETY: per the caller, `owner` points into `sd`, alive until it drops below.
    let owner = unsafe { copy_sid(owner) }?;
    let dacl = if dacl.is_null() {
        None
    } else {
        // SAFETY: a non-null DACL pointer points to an ACL inside `sd` whose header's AclSize
        // is the size of the whole ACL.
        Some(unsafe {
            std::slice::from_raw_parts(dacl.cast::<u8>(), usize::from((*dacl).AclSize)).to_vec()
        })
    };
    drop(sd);
    Ok(SecurityInfo {
        owner,
        dacl,
        protected: control & SE_DACL_PROTECTED != 0,
    })
}

/// The owner and DACL of an open file (the handle needs `READ_CONTROL`, which read and write
/// access include).
pub(super) fn security_of_handle(file: &File) -> io::Result<SecurityInfo> {
    let (mut owner, mut dacl, mut sd): (PSID, *mut ACL, PSECURITY_DESCRIPTOR) =
        (null_mut(), null_mut(), null_mut());
    // SAFETY: the handle is open for the call; the out-parameters are valid, and the
    // descriptor returned in `sd` is freed by LocalMemory.
    let code = unsafe {
        GetSecurityInfo(
            file.as_raw_handle(),
            SE_FILE_OBJECT,
            OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
            &mut owner,
            null_mut(),
            &mut dacl,
            null_mut(),
            &mut sd,
        )
    };
    check(code)?;
    // SAFETY: `owner` and `dacl` came from this call into `sd`.
    unsafe { copy_security(LocalMemory(sd), owner, dacl) }
}

/// The owner and DACL of the file or folder at `path` (links followed).
pub(super) fn security_of_path(path: &Path) -> io::Result<SecurityInfo> {
    let name = wide(path);
    let (mut owner, mut dacl, mut sd): (PSID, *mut ACL, PSECURITY_DESCRIPTOR) =
        (null_mut(), null_mut(), null_mut());
    // SAFETY: `name` is NUL-terminated and alive for the call; the out-parameters are valid,
    // and the descriptor returned in `sd` is freed by LocalMemory.
    let code = unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
            &mut owner,
            null_mut(),
            &mut dacl,
            null_mut(),
            &mut sd,
        )
    };
    check(code)?;
    // SAFETY: `owner` and `dacl` came from this call into `sd`.
    unsafe { copy_security(LocalMemory(sd), owner, dacl) }
}

/// An ACL's bytes copied into 4-byte-aligned memory (what Windows requires of an ACL), checked
/// by `IsValidAcl`.
struct AlignedAcl(Vec<u32>);

impl AlignedAcl {
    fn new(bytes: &[u8]) -> io::Result<AlignedAcl> {
        let mut words = vec![0u32; bytes.len().div_ceil(4)];
        for (i, chunk) in bytes.chunks(4).enumerate() {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            words[i] = u32::from_ne_bytes(word);
        }
        let acl = AlignedAcl(words);
        let stated = bytes
            .get(2..4)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])));
        let fits = bytes.len() >= 8 && stated.is_some_and(|size| size <= bytes.len());
        // SAFETY: the pointer covers the whole buffer, and IsValidAcl only reads within the
        // size the header states, which `fits` checked the buffer holds.
        if !fits || unsafe { IsValidAcl(acl.as_ptr()) } == 0 {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "invalid ACL"));
        }
        Ok(acl)
    }

    fn as_ptr(&self) -> *const ACL {
        self.0.as_ptr().cast()
    }
}

fn dacl_information(protected: bool) -> u32 {
    DACL_SECURITY_INFORMATION
        | if protected {
            PROTECTED_DACL_SECURITY_INFORMATION
        } else {
            UNPROTECTED_DACL_SECURITY_INFORMATION
        }
}

/// Replaces the DACL of an open file (the handle needs `WRITE_DAC`). `protected`: inherit
/// nothing from the folder; else the folder's inheritable entries are added back.
pub(super) fn set_dacl_of_handle(file: &File, acl: &[u8], protected: bool) -> io::Result<()> {
    let acl = AlignedAcl::new(acl)?;
    // SAFETY: the handle is open and the ACL valid for the call; Windows copies the ACL.
    check(unsafe {
        SetSecurityInfo(
            file.as_raw_handle(),
            SE_FILE_OBJECT,
            dacl_information(protected),
            null_mut(),
            null_mut(),
            acl.as_ptr(),
            std::ptr::null(),
        )
    })
}

/// Replaces the DACL of the file or folder at `path`; for a folder, Windows also updates the
/// entries its children inherit.
pub(super) fn set_dacl_of_path(path: &Path, acl: &[u8], protected: bool) -> io::Result<()> {
    let acl = AlignedAcl::new(acl)?;
    let name = wide(path);
    // SAFETY: `name` is NUL-terminated and the ACL valid, both alive for the call.
    check(unsafe {
        SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            dacl_information(protected),
            null_mut(),
            null_mut(),
            acl.as_ptr(),
            std::ptr::null(),
        )
    })
}

/// A security descriptor with a protected DACL, for creating files and folders that are
/// private from their first instant.
pub(super) struct Descriptor {
    sd: Box<SECURITY_DESCRIPTOR>,
    // Referenced by `sd`: kept alive (and never moved: its heap buffer stays put) with it.
    _acl: AlignedAcl,
}

impl Descriptor {
    /// A descriptor whose DACL is `acl`, protected.
    pub(super) fn protected(acl: &[u8]) -> io::Result<Descriptor> {
        let acl = AlignedAcl::new(acl)?;
        let mut sd = Box::new(SECURITY_DESCRIPTOR::default());
        let psd: PSECURITY_DESCRIPTOR = std::ptr::from_mut(&mut *sd).cast();
        // SAFETY: `psd` points to a SECURITY_DESCRIPTOR we own; the ACL it is given lives in
        // `_acl`, which the Descriptor keeps as long as `sd`.
        unsafe {
            check_bool(InitializeSecurityDescriptor(
                psd,
                SECURITY_DESCRIPTOR_REVISION,
            ))?;
            check_bool(SetSecurityDescriptorDacl(psd, 1, acl.as_ptr(), 0))?;
            check_bool(SetSecurityDescriptorControl(
                psd,
                SE_DACL_PROTECTED,
                SE_DACL_PROTECTED,
            ))?;
        }
        Ok(Descriptor { sd, _acl: acl })
    }

    fn attributes(&self) -> SECURITY_ATTRIBUTES {
        SECURITY_ATTRIBUTES {
            nLength: size_of::<SECURITY_ATTRIBUTES>() as u32,
            lpSecurityDescriptor: std::ptr::from_ref(&*self.sd).cast_mut().cast(),
            bInheritHandle: 0,
        }
    }
}

/// Creates a new file (failing if anything is at `path`) with the descriptor `sd`, open for
/// reading, writing and changing its DACL.
pub(super) fn create_new_file(path: &Path, sd: &Descriptor) -> io::Result<File> {
    let name = wide(path);
    let attributes = sd.attributes();
    // SAFETY: `name` is NUL-terminated; `attributes` and the descriptor it points to are alive
    // for the call. CREATE_NEW never opens an existing file or follows a link at the name.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            GENERIC_READ | GENERIC_WRITE | READ_CONTROL | WRITE_DAC | DELETE,
            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
            &attributes,
            CREATE_NEW,
            FILE_ATTRIBUTE_NORMAL,
            null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: CreateFileW returned a valid handle that nothing else owns.
    Ok(unsafe { File::from_raw_handle(handle) })
}

/// Creates one folder with the descriptor `sd` (its parent must exist).
pub(super) fn create_dir(path: &Path, sd: &Descriptor) -> io::Result<()> {
    let name = wide(path);
    let attributes = sd.attributes();
    // SAFETY: `name` is NUL-terminated; `attributes` and its descriptor are alive for the call.
    check_bool(unsafe { CreateDirectoryW(name.as_ptr(), &attributes) })
}

/// `GetFileType` of an open file: `FILE_TYPE_DISK` (1), `CHAR` (2), `PIPE` (3), or unknown.
pub(super) fn file_type(file: &File) -> u32 {
    // SAFETY: the handle is open for the call.
    unsafe { GetFileType(file.as_raw_handle()) }
}

/// `DOMAIN\name` of a SID, when Windows can name it (a local or domain account it can reach).
pub(super) fn lookup_account(sid: &Sid) -> Option<String> {
    let mut sid_bytes = sid.as_bytes().to_vec();
    let psid: PSID = sid_bytes.as_mut_ptr().cast();
    let (mut name_len, mut domain_len) = (256u32, 256u32);
    for _ in 0..2 {
        let mut name = vec![0u16; name_len as usize];
        let mut domain = vec![0u16; domain_len as usize];
        let mut kind: SID_NAME_USE = 0;
        // SAFETY: the buffers hold the lengths passed; `psid` points to a well-formed SID
        // (Sid only holds parsed ones) alive for the call.
        let ok = unsafe {
            LookupAccountSidW(
                std::ptr::null(),
                psid,
                name.as_mut_ptr(),
                &mut name_len,
                domain.as_mut_ptr(),
                &mut domain_len,
                &mut kind,
            )
        };
        if ok != 0 {
            let text = |buf: &[u16], len: u32| String::from_utf16_lossy(&buf[..len as usize]);
            let (name, domain) = (text(&name, name_len), text(&domain, domain_len));
            return Some(if domain.is_empty() {
                name
            } else {
                format!("{domain}\\{name}")
            });
        }
        if io::Error::last_os_error().raw_os_error() != Some(ERROR_INSUFFICIENT_BUFFER as i32) {
            return None;
        }
    }
    None
}
