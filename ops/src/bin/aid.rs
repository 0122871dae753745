//! `aid`: the operator CLI of AID Protocol. Human tables by default, `--json` for scripts; amounts
//! in decimal AID/USD; every revert decoded into a sentence. See the crate README.

use std::{path::PathBuf, process::ExitCode};

use aid_ops::{
    amount,
    conn::{self, Protocol},
    ops::{self, ModelChange, NewAsset},
    output::Report,
    retry::Backoff,
    tx::Sender,
};
use alloy::primitives::{Address, U256};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

/// Operates AID Protocol: status, assets, models, positions, the vault and roles. Writes are signed
/// with PRIVATE_KEY or --keystore (on the local chain, the dev key when neither is given) and
/// simulated before they are sent.
#[derive(Debug, Parser)]
#[command(name = "aid", version)]
struct Cli {
    /// Node to use.
    #[arg(long, global = true, env = "RPC_URL", default_value = conn::LOCAL_RPC_URL)]
    rpc_url: String,
    /// Folder of address books written by aid-deploy (`<chain id>.json`).
    #[arg(
        long,
        global = true,
        env = "AID_DEPLOYMENTS",
        default_value = "deployments"
    )]
    deployments: PathBuf,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    #[command(flatten)]
    key: aid_deploy::signer::KeyArgs,
    /// Simulate writes; send nothing.
    #[arg(long, global = true)]
    dry_run: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// The protocol at a glance: supply, debt, surplus, unbacked debt, models, vault, auctions.
    Status,
    /// GPU assets in the registry.
    #[command(subcommand)]
    Asset(AssetCmd),
    /// GPU models: depreciation and credit parameters.
    #[command(subcommand)]
    Model(ModelCmd),
    /// Positions: a GPU token pledged to the minter and the AID borrowed on it.
    #[command(subcommand)]
    Position(PositionCmd),
    /// The sAID vault.
    #[command(subcommand)]
    Vault(VaultCmd),
    /// AccessControl roles of every contract.
    #[command(subcommand)]
    Roles(RolesCmd),
}

#[derive(Debug, Subcommand)]
enum AssetCmd {
    /// Registers a GPU cluster (REGISTRAR) and mints its token to `--to`.
    Register {
        /// Receiver of the token (the operator).
        #[arg(long)]
        to: Address,
        /// Model name (e.g. H100-SXM5-80GB) or id.
        #[arg(long)]
        model: String,
        /// GPUs in the cluster.
        #[arg(long)]
        gpus: u32,
        /// Serial numbers, comma-separated (hashed sorted; never stored in clear).
        #[arg(long, value_delimiter = ',')]
        serials: Vec<String>,
        /// Acquisition cost, USD.
        #[arg(long)]
        cost: String,
        /// First appraisal, USD.
        #[arg(long)]
        appraisal: String,
        /// Acquisition time, Unix seconds (default: now).
        #[arg(long)]
        acquired_at: Option<u64>,
        /// Metadata URI (invoice, insurance, lien filing).
        #[arg(long, default_value = "")]
        uri: String,
    },
    /// Appraises one token (`--token` and `--value`) or many from a CSV (`--csv`, header
    /// `token_id,value`), all or nothing (APPRAISER).
    Appraise {
        /// Token to appraise.
        #[arg(long, requires = "value", conflicts_with = "csv")]
        token: Option<U256>,
        /// New appraisal, USD.
        #[arg(long, requires = "token")]
        value: Option<String>,
        /// CSV of `token_id,value` rows.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// Burns a token the caller holds (not a pledged one).
    Retire {
        /// Token id.
        token: U256,
    },
}

#[derive(Debug, Subcommand)]
enum ModelCmd {
    /// Every model of the address book, or one.
    Show {
        /// Model name or id.
        model: Option<String>,
    },
    /// Changes a model (RISK_ADMIN); fields not given keep their value.
    Set {
        /// Model name or id.
        model: String,
        #[command(flatten)]
        change: ModelChange,
    },
}

#[derive(Debug, Subcommand)]
enum PositionCmd {
    /// Debt, value, ratio and whether it can be liquidated.
    Show {
        /// Token id.
        token: U256,
    },
    /// Pledges a token the caller holds (safeTransferFrom to the minter).
    Pledge {
        /// Token id.
        token: U256,
    },
    /// Borrows AID against a position.
    Borrow {
        /// Token id.
        token: U256,
        /// AID to borrow.
        amount: String,
        /// Receiver of the AID (default: the caller).
        #[arg(long)]
        to: Option<Address>,
    },
    /// Repays AID (`all` for the whole debt at execution).
    Repay {
        /// Token id.
        token: U256,
        /// AID to repay, or `all`.
        amount: String,
    },
    /// Takes back a token without debt.
    Withdraw {
        /// Token id.
        token: U256,
        /// Receiver of the token (default: the caller).
        #[arg(long)]
        to: Option<Address>,
    },
}

#[derive(Debug, Subcommand)]
enum VaultCmd {
    /// An account's shares and exit request (default: the caller).
    Show {
        /// Account.
        account: Option<Address>,
    },
    /// Stakes AID for sAID.
    Deposit {
        /// AID to deposit.
        amount: String,
        /// Receiver of the shares (default: the caller).
        #[arg(long)]
        to: Option<Address>,
    },
    /// Asks to leave: the shares wait out the cooldown (`all` for every share held).
    RequestExit {
        /// sAID shares, or `all`.
        shares: String,
    },
    /// Redeems the claimable part of the caller's exit request.
    Claim,
}

#[derive(Debug, Subcommand)]
enum RolesCmd {
    /// Current holders of every role, from the contracts' events.
    Show {
        /// First block to read (default: the deployment's first transaction).
        #[arg(long)]
        from_block: Option<u64>,
    },
    /// Grants a role (DEFAULT_ADMIN of that contract).
    Grant {
        /// Contract name as in the address book (AidMinter, GpuRegistry, ...).
        contract: String,
        /// Role name (RISK_ADMIN, APPRAISER, ...).
        role: String,
        /// Account.
        account: Address,
    },
    /// Revokes a role (DEFAULT_ADMIN of that contract).
    Revoke {
        /// Contract name as in the address book.
        contract: String,
        /// Role name.
        role: String,
        /// Account.
        account: Address,
    },
}

fn all_or(what: &str, s: &str) -> Result<Option<U256>> {
    if s.trim().eq_ignore_ascii_case("all") {
        Ok(None)
    } else {
        amount::parse(what, s).map(Some)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli).await {
        Ok(r) => {
            r.print(json);
            ExitCode::SUCCESS
        }
        Err(e) => {
            if json {
                println!("{}", serde_json::json!({ "error": format!("{e:#}") }));
            }
            eprintln!("aid: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<Report> {
    let p = Protocol::connect(&cli.rpc_url, &cli.deployments, Backoff::default()).await?;
    let sender = || -> Result<Sender> {
        let mut s = Sender::new(
            p.provider.clone(),
            aid_ops::signer(&cli.key, p.chain_id)?,
            p.chain_id,
        );
        s.dry_run = cli.dry_run;
        Ok(s)
    };
    match cli.cmd {
        Cmd::Status => ops::status(&p).await,
        Cmd::Asset(AssetCmd::Register {
            to,
            model,
            gpus,
            serials,
            cost,
            appraisal,
            acquired_at,
            uri,
        }) => {
            let a = NewAsset {
                to,
                model,
                gpu_count: gpus,
                serials,
                cost: amount::parse("--cost", &cost)?,
                acquired_at,
                appraisal: amount::parse("--appraisal", &appraisal)?,
                uri,
            };
            ops::asset_register(&p, &mut sender()?, &a).await
        }
        Cmd::Asset(AssetCmd::Appraise { token, value, csv }) => {
            let rows = match (token, value, csv) {
                (_, _, Some(path)) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    ops::parse_appraisals(&text)
                        .with_context(|| format!("{} refused", path.display()))?
                }
                (Some(token_id), Some(v), None) => vec![ops::AppraisalRow {
                    row: 1,
                    token_id,
                    value: amount::parse("--value", &v)?,
                }],
                _ => anyhow::bail!("give --token and --value, or --csv FILE"),
            };
            ops::asset_appraise(&p, &mut sender()?, &rows).await
        }
        Cmd::Asset(AssetCmd::Retire { token }) => {
            ops::asset_retire(&p, &mut sender()?, token).await
        }
        Cmd::Model(ModelCmd::Show { model }) => ops::model_show(&p, model.as_deref()).await,
        Cmd::Model(ModelCmd::Set { model, change }) => {
            ops::model_set(&p, &mut sender()?, &model, &change).await
        }
        Cmd::Position(PositionCmd::Show { token }) => ops::position_show(&p, token).await,
        Cmd::Position(PositionCmd::Pledge { token }) => {
            ops::position_pledge(&p, &mut sender()?, token).await
        }
        Cmd::Position(PositionCmd::Borrow {
            token,
            amount: a,
            to,
        }) => {
            let a = amount::parse("amount", &a)?;
            ops::position_borrow(&p, &mut sender()?, token, a, to).await
        }
        Cmd::Position(PositionCmd::Repay { token, amount: a }) => {
            let a = all_or("amount", &a)?;
            ops::position_repay(&p, &mut sender()?, token, a).await
        }
        Cmd::Position(PositionCmd::Withdraw { token, to }) => {
            ops::position_withdraw(&p, &mut sender()?, token, to).await
        }
        Cmd::Vault(VaultCmd::Show { account }) => {
            let who = match account {
                Some(a) => a,
                None => aid_ops::signer(&cli.key, p.chain_id)?.address(),
            };
            ops::vault_show(&p, who).await
        }
        Cmd::Vault(VaultCmd::Deposit { amount: a, to }) => {
            let a = amount::parse("amount", &a)?;
            ops::vault_deposit(&p, &mut sender()?, a, to).await
        }
        Cmd::Vault(VaultCmd::RequestExit { shares }) => {
            let shares = all_or("shares", &shares)?;
            ops::vault_request_exit(&p, &mut sender()?, shares).await
        }
        Cmd::Vault(VaultCmd::Claim) => ops::vault_claim(&p, &mut sender()?).await,
        Cmd::Roles(RolesCmd::Show { from_block }) => ops::roles_show(&p, from_block).await,
        Cmd::Roles(RolesCmd::Grant {
            contract,
            role,
            account,
        }) => ops::roles_change(&p, &mut sender()?, true, &contract, &role, account).await,
        Cmd::Roles(RolesCmd::Revoke {
            contract,
            role,
            account,
        }) => ops::roles_change(&p, &mut sender()?, false, &contract, &role, account).await,
    }
}
